// Printing a job so that "done" means the printer has it: ask the status
// first (do not send into a printer that is out of paper or does not answer),
// write, then ask again. Only an answer that comes after the job's bytes, over
// the same link, confirms them; silence, a write error or a closed link leaves
// the job unconfirmed, and the caller prints it again, marked 补打.
//
// DLE EOT is a real-time command, answered when the printer reads it: it
// confirms that everything before it was received (a TCP stream and a USB pipe
// keep order), and, when the answer says paper in and no error, that nothing
// stopped the printer while it took the job.
import { canPrint, printerState, queryStatus, type PrinterStatus } from './status.ts';
import type { PrinterTransport } from './transports/types.ts';

export interface ConfirmOptions {
  /** Wait this long for each status answer before the job. */
  statusTimeoutMs: number;
  /** Wait this long for the answer after the job: the printer reads it once it has taken the bytes. */
  confirmTimeoutMs: number;
}

export type Readiness =
  | { ready: true; state: string; status: PrinterStatus | null }
  /** `waiting`: out of paper or cover open, a person must act; not an error of the link. */
  | { ready: false; state: string; status: PrinterStatus | null; waiting: boolean; error: string };

/** Before sending: a printer that cannot answer (a file) is ready; one that can must say it is. */
export async function checkReady(t: PrinterTransport, opts: ConfirmOptions): Promise<Readiness> {
  if (!t.canRead) return { ready: true, state: 'unknown', status: null };
  const status = await queryStatus(t, opts.statusTimeoutMs);
  const state = printerState(status);
  if (canPrint(status)) return { ready: true, state, status };
  if (!status.known) return { ready: false, state, status, waiting: false, error: 'PRINTER_NO_ANSWER: the printer did not answer the status query' };
  return { ready: false, state, status, waiting: waits(status), error: `printer ${state}` };
}

export type Delivery =
  | { confirmed: true; state: string; status: PrinterStatus | null }
  /** `written` is false only when not one byte could have reached the printer. */
  | { confirmed: false; state: string; status: PrinterStatus | null; waiting: boolean; written: boolean; error: string };

/** Writes the job and waits for the printer's answer after it. Never throws. */
export async function deliver(t: PrinterTransport, bytes: Uint8Array, opts: ConfirmOptions): Promise<Delivery> {
  try {
    await t.write(bytes);
  } catch (err) {
    return { confirmed: false, state: 'unreachable', status: null, waiting: false, written: true, error: `PRINTER_WRITE: ${(err as Error).message}` };
  }
  // A write-only link (a file) has nothing more to say: the completed write is its answer.
  if (!t.canRead) return { confirmed: true, state: 'unknown', status: null };
  let status: PrinterStatus;
  try {
    status = await queryStatus(t, opts.confirmTimeoutMs);
  } catch (err) {
    return { confirmed: false, state: 'unreachable', status: null, waiting: false, written: true, error: `PRINTER_NO_CONFIRM: ${(err as Error).message}` };
  }
  const state = printerState(status);
  if (canPrint(status)) return { confirmed: true, state, status };
  if (!status.known) return { confirmed: false, state, status, waiting: false, written: true, error: 'PRINTER_NO_CONFIRM: no status answer after the job' };
  // Paper ran out or the cover opened while it printed: this copy may be cut short.
  return { confirmed: false, state, status, waiting: waits(status), written: true, error: `printer ${state} after the job` };
}

/** Out of paper or cover open: the job waits for a person and does not use up its tries. */
function waits(s: PrinterStatus): boolean {
  return s.paperOut === true || s.coverOpen === true;
}
