import { FakeHid } from '../../devices/hid/fake.ts';

const KEYS: Record<string, [number, boolean]> = { '-': [0x2d, false] };
for (let i = 0; i < 26; i++) {
  KEYS[String.fromCharCode(97 + i)] = [0x04 + i, false];
  KEYS[String.fromCharCode(65 + i)] = [0x04 + i, true];
}
'1234567890'.split('').forEach((c, i) => (KEYS[c] = [0x1e + i, false]));

/** The boot keyboard reports a US-layout scanner in keyboard mode sends for `text` and Enter. */
export function typed(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (const ch of `${text}\n`) {
    const [k, shift] = ch === '\n' ? [0x28, false] : KEYS[ch];
    out.push(Buffer.from([shift ? 0x02 : 0, 0, k, 0, 0, 0, 0, 0]), Buffer.alloc(8));
  }
  return out;
}

/** One key of a keypad or evaluator pressed and released (a keypad-digit key code). */
export const press = (keyCode: number): Buffer[] => [Buffer.from([0, 0, keyCode, 0, 0, 0, 0, 0]), Buffer.alloc(8)];

export const feedAll = (hid: FakeHid, vidPid: string, usagePage: number, reports: Buffer[]) => reports.forEach((r) => hid.feed(vidPid, usagePage, r));
