import { decode, type PrintItem } from '../../printers/decoder.ts';

/** Polls `check` until it holds; fails the test after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a printer received, less the status queries the spool or agent sent it. */
export const printed = (bytes: number[]): PrintItem[] => decode(Uint8Array.from(bytes)).filter((i) => i.type !== 'status-query');
export const cuts = (items: PrintItem[]): number => items.filter((i) => i.type === 'cut').length;
export const texts = (items: PrintItem[]): string => items.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');
