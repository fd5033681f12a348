import { lockForUpdate, type Database } from '../db/index.ts';

export type DueJob = { id: string; hall_id: string; printer_uri: string; payload: Uint8Array; attempts: number; device_id: string | null; window_id: string | null };

/** Long enough for one run of the spool over a printer's backlog; a job still pending after it (its instance died) is due again. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Claims the due jobs of the printers the server reaches itself, oldest first, for this
 * instance: in one short transaction the rows are taken `FOR UPDATE SKIP LOCKED` (another
 * instance claiming at the same moment passes over them instead of waiting) and their next
 * attempt is moved a lease ahead, so they are no longer due for anyone else once it commits.
 * The spool then moves each one to sent/done, or back to pending with its retry time.
 */
export async function claimDueJobs(db: Database, now: number, limit = 100): Promise<DueJob[]> {
  return db.transaction().execute(async (trx) => {
    const due = (await lockForUpdate(
      trx,
      trx
        .selectFrom('print_jobs')
        .select(['id', 'hall_id', 'printer_uri', 'payload', 'attempts', 'device_id', 'window_id'])
        .where('status', '=', 'pending')
        .where('printer_uri', 'not like', 'agent:%') // the device agent on the kiosk's PC prints those
        .where('next_attempt_at', '<=', now)
        .orderBy('created_at')
        .limit(limit),
      { skipLocked: true },
    ).execute()) as DueJob[];
    if (due.length > 0) {
      await trx.updateTable('print_jobs').set({ next_attempt_at: now + CLAIM_LEASE_MS }).where('id', 'in', due.map((j) => j.id)).execute();
    }
    return due;
  });
}
