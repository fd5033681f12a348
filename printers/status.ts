// Real-time status (DLE EOT n), Epson bit meanings, which Chinese printers copy.
// Every answer is one byte shaped 0xx1xx10b; anything else is noise (a late
// answer, ASB data) and is treated as "no answer" rather than trusted.
import { statusQuery } from './encoder.ts';
import type { PrinterTransport } from './transports/types.ts';

export interface PrinterStatus {
  /** True only when all four answers arrived and were well-formed. */
  known: boolean;
  /** null = unknown (no answer, or a write-only transport). */
  online: boolean | null;
  coverOpen: boolean | null;
  paperOut: boolean | null;
  paperNearEnd: boolean | null;
  error: boolean | null;
  feedButton: boolean | null;
  errorCause: { autocutter: boolean; unrecoverable: boolean; autoRecoverable: boolean } | null;
  /** Answers to n = 1, 2, 3, 4 (null where none came). */
  raw: Array<number | null>;
}

export const STATUS_QUERIES: readonly Uint8Array[] = [1, 2, 3, 4].map((n) => statusQuery(n as 1 | 2 | 3 | 4));

export function isStatusByte(b: number): boolean {
  return (b & 0b1001_0011) === 0b0001_0010;
}

const bit = (b: number | null, mask: number): boolean | null => (b === null ? null : (b & mask) !== 0);

/** Decode the answers to DLE EOT 1..4 (index 0 = n 1). Malformed bytes count as missing. */
export function decodeStatus(answers: ReadonlyArray<number | null | undefined>): PrinterStatus {
  const raw = [0, 1, 2, 3].map((k) => {
    const a = answers[k];
    return a === undefined || a === null || !isStatusByte(a) ? null : a;
  });
  const [printer, offline, errors, roll] = raw as [number | null, number | null, number | null, number | null];
  const stoppedAtPaperEnd = bit(offline, 0x20);
  const rollEnd = bit(roll, 0x60);
  return {
    known: raw.every((a) => a !== null),
    online: printer === null ? null : (printer & 0x08) === 0,
    coverOpen: bit(offline, 0x04),
    // The roll sensor sees an empty roll; bit 5 of n=2 says printing stopped
    // because of it. Either one means the kiosk must stop printing tickets.
    paperOut: rollEnd === null && stoppedAtPaperEnd === null ? null : Boolean(rollEnd || stoppedAtPaperEnd),
    paperNearEnd: bit(roll, 0x0c),
    error: bit(offline, 0x40),
    feedButton: bit(offline, 0x08),
    errorCause: errors === null ? null : {
      autocutter: (errors & 0x08) !== 0,
      unrecoverable: (errors & 0x20) !== 0,
      autoRecoverable: (errors & 0x40) !== 0,
    },
    raw,
  };
}

/** Ready to print a ticket now: known, online, paper in, cover shut, no error. */
export function canPrint(s: PrinterStatus): boolean {
  return s.known && s.online === true && s.paperOut === false && s.coverOpen === false && s.error === false;
}

/**
 * Send DLE EOT 1..4 one at a time and read each one-byte answer. Bytes left
 * over from an earlier, timed-out query are drained first so answers cannot
 * shift by one. If the printer does not answer n=1, the rest is not asked.
 */
export async function queryStatus(transport: PrinterTransport, timeoutMs = 500): Promise<PrinterStatus> {
  if (!transport.canRead) return decodeStatus([]);
  await transport.read(256, 0);
  const answers: Array<number | null> = [];
  for (const q of STATUS_QUERIES) {
    await transport.write(q);
    const got = await transport.read(1, timeoutMs);
    const a = got.length > 0 ? (got[0] as number) : null;
    answers.push(a);
    if (a === null && answers.length === 1) break;
  }
  return decodeStatus(answers);
}

/** One word for people and badges: ok, paper_near_end, paper_out, cover_open, offline, error or unknown. */
export function printerState(s: PrinterStatus): string {
  if (!s.known) return 'unknown';
  if (s.online === false && s.coverOpen) return 'cover_open';
  if (s.paperOut) return 'paper_out';
  if (s.coverOpen) return 'cover_open';
  if (s.error) return 'error';
  if (s.online === false) return 'offline';
  return s.paperNearEnd ? 'paper_near_end' : 'ok';
}
