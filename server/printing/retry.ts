import type { Database, Trx } from '../db/index.ts';

export interface SpoolOptions {
  /** First retry after this long, doubling up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Failed tries before a job is given up as `failed` (a printer out of paper does not count). */
  maxAttempts: number;
  /** Wait this long for each status answer before a job. */
  statusTimeoutMs: number;
  /** Wait this long for the printer's answer after a job's bytes; none: the job is not done. */
  confirmTimeoutMs: number;
  /** Limits of every printer link: open, one write. */
  connectTimeoutMs: number;
  writeTimeoutMs: number;
  /** A job a device agent claimed and never reported is handed out again (marked 补打) after this. */
  agentLeaseMs: number;
  /** Status poll of configured printers; 0: off. */
  pollStatusMs: number;
  /** A queue ticket not printed by then is dropped: its citizen has long left the kiosk. */
  ticketTtlMs: number;
}

export const DEFAULT_SPOOL: SpoolOptions = {
  baseBackoffMs: 2000, maxBackoffMs: 60_000, maxAttempts: 8, statusTimeoutMs: 800, confirmTimeoutMs: 10_000,
  connectTimeoutMs: 3000, writeTimeoutMs: 15_000, agentLeaseMs: 120_000, pollStatusMs: 30_000, ticketTtlMs: 10 * 60_000,
};

/**
 * Queue tickets still unprinted after `ttlMs` are marked failed (EXPIRED) rather than printed
 * when the paper comes back: nobody is at the kiosk to take them. Slips and reprints asked for
 * by a clerk are not affected (a reprint is a new job).
 */
export async function expireStaleTickets(db: Database | Trx, now: number, ttlMs: number, printerUri?: string): Promise<number> {
  let q = db
    .updateTable('print_jobs')
    .set({ status: 'failed', last_error: 'EXPIRED: not printed in time', finished_at: now })
    .where('kind', '=', 'ticket')
    .where('status', '=', 'pending')
    .where('created_at', '<', now - ttlMs);
  if (printerUri !== undefined) q = q.where('printer_uri', '=', printerUri);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The next state of a job that could not print: back to pending after an exponential backoff,
 * or `failed` once the attempts that count (I/O errors, silence, not a printer out of paper) run out.
 */
export function retryPatch(attempts: number, error: string, counts: boolean, opts: SpoolOptions, now: number) {
  const failed = counts && attempts >= opts.maxAttempts;
  return {
    status: failed ? 'failed' : 'pending',
    attempts,
    last_error: error.slice(0, 500),
    next_attempt_at: now + Math.min(opts.maxBackoffMs, opts.baseBackoffMs * 2 ** Math.min(attempts, 16)),
    ...(failed ? { finished_at: now } : {}),
  };
}

/**
 * A job an agent claimed and never reported (the agent stopped, its PC lost power) may have
 * printed: after its lease it is handed out again with that copy counted, so it prints 补打.
 */
export async function releaseStaleClaims(db: Database | Trx, now: number, leaseMs: number, queue?: string): Promise<number> {
  let q = db
    .updateTable('print_jobs')
    .set((eb) => ({ status: 'pending', copies_sent: eb('copies_sent', '+', 1), next_attempt_at: now, last_error: 'INTERRUPTED: the agent did not report the job' }))
    .where('status', '=', 'sent')
    .where('sent_at', '<', now - leaseMs);
  q = queue === undefined ? q.where('printer_uri', 'like', 'agent:%') : q.where('printer_uri', '=', queue);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
