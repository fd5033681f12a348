import { lockForUpdate, type Database } from '../db/index.ts';
import type { LaneJob } from './lane.ts';

/** Long enough for one lane's round over a printer's backlog; a job still pending after it (its instance died) is due again. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Claims one printer's due jobs, oldest first, for this instance: in one short transaction the
 * rows are taken `FOR UPDATE SKIP LOCKED` (another instance claiming at the same moment passes
 * over them instead of waiting) and their next attempt is moved a lease ahead, so they are no
 * longer due for anyone else once it commits. The lane then moves each one to sent/done, or back
 * to pending with its retry time. On SQLite the lock is a no-op: writers are serialised already.
 */
export async function claimDueJobs(db: Database, printerUri: string, now: number, limit: number): Promise<LaneJob[]> {
  return db.transaction().execute(async (trx) => {
    const due = (await lockForUpdate(
      trx,
      trx
        .selectFrom('print_jobs')
        .select(['id', 'hall_id', 'printer_uri', 'payload', 'attempts', 'copies_sent', 'device_id', 'window_id'])
        .where('printer_uri', '=', printerUri)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('created_at')
        .limit(limit),
      { skipLocked: true },
    ).execute()) as LaneJob[];
    if (due.length > 0) {
      await trx.updateTable('print_jobs').set({ next_attempt_at: now + CLAIM_LEASE_MS }).where('id', 'in', due.map((j) => j.id)).execute();
    }
    return due;
  });
}
