import { lockForUpdate, type Database, type Trx } from '../db/index.ts';
import { forbidden, notFound, unauthorized } from '../domain/errors.ts';
import { expireStaleTickets, releaseStaleClaims, retryPatch, type SpoolOptions } from '../printing/spool.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { agentAddress } from './printing.ts';
import { markReprint } from '../../printers/templates/common.ts';

/**
 * The device agent (`hallq agent`) prints where the server cannot reach: the USB printer of a
 * kiosk or window PC. It claims the jobs addressed to it and reports each one's result.
 */
export function agentQueue(actor: Actor): string {
  if (!actor.deviceId) throw unauthorized('DEVICE_TOKEN_REQUIRED', '需要设备凭证 X-Device-Token');
  if (actor.deviceKind === 'kiosk') return agentAddress('device', actor.deviceId);
  if (actor.deviceKind === 'agent' && actor.deviceWindowId) return agentAddress('window', actor.deviceWindowId);
  if (actor.deviceKind === 'agent') return agentAddress('device', actor.deviceId);
  throw forbidden('NOT_AN_AGENT', '该设备不能作为打印代理');
}

/** Where an agent's printer state is kept (printer_states): its queue, under its kiosk or its window. */
export function agentPrinterAt(actor: Actor) {
  const queue = agentQueue(actor);
  const windowId = queue.startsWith('agent:window:') ? queue.slice('agent:window:'.length) : null;
  return { hall_id: actor.hallId!, printer_uri: queue, device_id: windowId ? null : actor.deviceId!, window_id: windowId };
}

export interface ClaimedJob {
  id: string;
  kind: string;
  /** The ESC/POS bytes, base64. */
  payload: string;
  /** The job's hand-out number: the agent prints each (id, attempt) once, however often it is sent. */
  attempt: number;
}

const handOut = (j: { id: string; kind: string; payload: Uint8Array; copies_sent: number }, attempt: number): ClaimedJob => ({
  id: j.id, kind: j.kind, attempt, payload: Buffer.from(j.copies_sent > 0 ? markReprint(j.payload) : j.payload).toString('base64'),
});

/**
 * Marks the due jobs of this agent `sent` and hands them over, oldest first. A job copied to
 * the printer before without its confirmation goes out marked 补打.
 */
export async function claimJobs(trx: Trx, ctx: ServiceContext, actor: Actor, opts: SpoolOptions, limit = 10): Promise<Outcome<ClaimedJob[]>> {
  const queue = agentQueue(actor);
  const now = ctx.clock.now();
  await expireStaleTickets(trx, now, opts.ticketTtlMs);
  await releaseStaleClaims(trx, now, opts.agentLeaseMs, queue);
  // SKIP LOCKED: two polls of one agent reaching two instances at once never hand over one job twice.
  const jobs = await lockForUpdate(
    trx,
    trx
      .selectFrom('print_jobs')
      .select(['id', 'kind', 'payload', 'attempts', 'copies_sent'])
      .where('printer_uri', '=', queue)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('created_at')
      .limit(limit),
    { skipLocked: true },
  ).execute();
  for (const j of jobs) {
    await trx.updateTable('print_jobs').set({ status: 'sent', sent_at: now, attempts: j.attempts + 1 }).where('id', '=', j.id).where('status', '=', 'pending').execute();
  }
  return outcome(jobs.map((j) => handOut(j, j.attempts + 1)));
}

/**
 * The jobs this agent holds already (`sent`, not yet reported), handed over again with the same
 * attempt: after a reconnect, or an agent restarted before the first push reached it. The agent
 * prints an (id, attempt) once, so a job it has, is printing or has printed is not printed again;
 * one it never received prints now instead of after the lease, without a 补打 mark.
 */
export async function heldJobs(trx: Trx, actor: Actor): Promise<Outcome<ClaimedJob[]>> {
  const queue = agentQueue(actor);
  const jobs = await trx
    .selectFrom('print_jobs')
    .select(['id', 'kind', 'payload', 'attempts', 'copies_sent'])
    .where('printer_uri', '=', queue)
    .where('status', '=', 'sent')
    .orderBy('created_at')
    .limit(50)
    .execute();
  return outcome(jobs.map((j) => handOut(j, j.attempts)));
}

/** When this agent's next pending job falls due (a retry's backoff), or null when none waits. */
export async function nextDue(db: Trx | Database, actor: Actor): Promise<number | null> {
  const due = await db.selectFrom('print_jobs').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('printer_uri', '=', agentQueue(actor)).where('status', '=', 'pending').executeTakeFirst();
  return due?.at === null || due?.at === undefined ? null : Number(due.at);
}

export interface JobReport {
  /** True only when the printer confirmed after the job's bytes. */
  ok: boolean;
  /** False when not one byte went to the printer (it was not ready): the next copy needs no 补打 mark. */
  written?: boolean;
  error?: string;
  /** The printer's state as the agent saw it (paper_out: the job waits without using up attempts). */
  printerState?: string;
}

export async function reportJob(trx: Trx, ctx: ServiceContext, actor: Actor, jobId: string, report: JobReport, opts: SpoolOptions): Promise<Outcome<{ id: string; status: string }>> {
  const queue = agentQueue(actor);
  const job = await trx.selectFrom('print_jobs').select(['id', 'status', 'attempts', 'printer_uri']).where('id', '=', jobId).executeTakeFirst();
  if (!job || job.printer_uri !== queue) throw notFound('PRINT_JOB_NOT_FOUND', '没有这个打印任务');
  const now = ctx.clock.now();
  // A confirmed print counts even when it comes after the claim's lease ran out.
  if (report.ok && (job.status === 'sent' || job.status === 'pending')) {
    await trx.updateTable('print_jobs').set({ status: 'done', finished_at: now, last_error: null }).where('id', '=', job.id).execute();
    return outcome({ id: job.id, status: 'done' });
  }
  if (job.status !== 'sent') return outcome({ id: job.id, status: job.status }); // a repeated report changes nothing
  // Not printed: out of paper or cover open wait for a person; an I/O error counts towards `failed`.
  const waiting = report.printerState === 'paper_out' || report.printerState === 'cover_open';
  const attempts = waiting ? job.attempts - 1 : job.attempts;
  const patch = retryPatch(attempts, report.error ?? report.printerState ?? 'not printed', !waiting, opts, now);
  await trx
    .updateTable('print_jobs')
    .set((eb) => ({ ...patch, copies_sent: report.written === false ? eb.ref('copies_sent') : eb('copies_sent', '+', 1) }))
    .where('id', '=', job.id)
    .execute();
  return outcome({ id: job.id, status: patch.status });
}
