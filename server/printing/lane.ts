import { deliver, checkReady } from '../../printers/confirm.ts';
import { markReprint } from '../../printers/templates/common.ts';
import { openTransport, PrinterUriError, type PrinterPolicy, type PrinterTransport } from '../../printers/transports/index.ts';
import type { Database } from '../db/index.ts';
import type { PrinterStatus } from '../../printers/status.ts';
import type { FastifyBaseLogger } from 'fastify';
import { claimDueJobs } from './claim.ts';
import { expireStaleTickets, retryPatch, type SpoolOptions } from './retry.ts';

export type LaneJob = { id: string; hall_id: string; printer_uri: string; payload: Uint8Array; attempts: number; copies_sent: number; device_id: string | null; window_id: string | null };

export interface LaneDeps {
  db: Database;
  log: FastifyBaseLogger;
  now(): number;
  policy: PrinterPolicy;
  opts: SpoolOptions;
  record(at: LaneJob, state: string, status: PrinterStatus | null, error?: string): Promise<void>;
}

const BATCH = 20;

/**
 * One printer's lane: its jobs go out oldest first, one connection at a time, and nothing it
 * does (a hung link, a slow confirmation, its backoff timer) touches another printer's lane.
 */
export class PrinterLane {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private link: PrinterTransport | undefined;
  private stopped = false;

  constructor(readonly uri: string, private readonly deps: LaneDeps, private readonly onIdle: (lane: PrinterLane) => void) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Send what is due now; a kick while sending makes one more round. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((err) => this.deps.log.error({ err, printer: this.uri }, 'print lane failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.scheduleNext().catch((err) => this.deps.log.error({ err, printer: this.uri }, 'print lane schedule failed'));
      });
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Ends the lane; a job on the wire is cut off and, unconfirmed, prints again (补打) later. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.link?.destroy?.();
    await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      await expireStaleTickets(this.deps.db, this.deps.now(), this.deps.opts.ticketTtlMs, this.uri);
      // Claimed, not just read: two instances never send one job (./claim.ts).
      const due = await claimDueJobs(this.deps.db, this.uri, this.deps.now(), BATCH);
      if (due.length === 0 || !(await this.send(due))) return;
    }
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    const next = await this.deps.db
      .selectFrom('print_jobs')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('printer_uri', '=', this.uri)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (this.running || this.stopped) return;
    if (next?.at === null || next?.at === undefined) {
      this.onIdle(this);
      return;
    }
    const wait = Math.max(0, Number(next.at) - this.deps.now());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), Math.min(wait, this.deps.opts.maxBackoffMs) + 5);
    this.timer.unref();
  }

  /** One connection: status, then each job written and confirmed. False: stop, the printer needs time. */
  private async send(jobs: LaneJob[]): Promise<boolean> {
    const { opts } = this.deps;
    const first = jobs[0] as LaneJob;
    let t: PrinterTransport;
    try {
      t = await openTransport(this.uri, { policy: this.deps.policy, connectTimeoutMs: opts.connectTimeoutMs, writeTimeoutMs: opts.writeTimeoutMs, readTimeoutMs: Math.max(opts.statusTimeoutMs, opts.confirmTimeoutMs) });
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof PrinterUriError) {
        // A stored address the server may not write to (set before the rule, or by hand): never opened.
        for (const j of jobs) await this.mark(j.id, { status: 'failed', last_error: `BAD_PRINTER_URI: ${message}`.slice(0, 500), finished_at: this.deps.now() });
        await this.deps.record(first, 'error', null, message);
        return false;
      }
      await this.deps.record(first, 'unreachable', null, message);
      for (const j of jobs) await this.retry(j, j.attempts + 1, message, true);
      return false;
    }
    this.link = t;
    let clean = false;
    try {
      const ready = await checkReady(t, opts).catch((err: Error) => ({ ready: false as const, state: 'unreachable', status: null, waiting: false, error: err.message }));
      if (!ready.ready) {
        await this.deps.record(first, ready.state, ready.status, ready.error);
        // Out of paper or cover open waits for a person without using up tries; silence counts.
        for (const j of jobs) await this.retry(j, ready.waiting ? j.attempts : j.attempts + 1, ready.error, !ready.waiting);
        return false;
      }
      let last = ready;
      for (const [i, j] of jobs.entries()) {
        if (this.stopped) {
          for (const rest of jobs.slice(i)) await this.retry(rest, rest.attempts, 'INTERRUPTED: the server is stopping', false);
          return false;
        }
        // Counted before the bytes go: if the server dies now, the next copy still says 补打.
        await this.mark(j.id, { status: 'sent', sent_at: this.deps.now(), attempts: j.attempts + 1, copies_sent: j.copies_sent + 1 });
        const d = await deliver(t, j.copies_sent > 0 ? markReprint(j.payload) : j.payload, opts);
        if (d.confirmed) {
          await this.mark(j.id, { status: 'done', finished_at: this.deps.now(), last_error: null });
          last = { ready: true, state: d.state, status: d.status };
          continue;
        }
        await this.deps.record(j, d.state, d.status, d.error);
        await this.retry(j, d.waiting ? j.attempts : j.attempts + 1, d.error, !d.waiting);
        // The link can no longer be trusted: the rest wait for a fresh connection, uncounted.
        for (const rest of jobs.slice(i + 1)) await this.retry(rest, rest.attempts, d.error, false);
        return false;
      }
      await this.deps.record(first, last.state, last.status);
      clean = true;
      return true;
    } finally {
      this.link = undefined;
      // A link that failed is dropped, not closed politely: a hung printer would hold the close too.
      if (clean) await t.close().catch(() => undefined);
      else t.destroy?.();
    }
  }

  private async retry(j: LaneJob, attempts: number, error: string, counts: boolean): Promise<void> {
    const patch = retryPatch(attempts, error, counts, this.deps.opts, this.deps.now());
    await this.mark(j.id, patch);
    if (patch.status === 'failed') this.deps.log.warn({ jobId: j.id, error }, 'print job failed for good');
  }

  private async mark(id: string, patch: Record<string, unknown>): Promise<void> {
    await this.deps.db.updateTable('print_jobs').set(patch).where('id', '=', id).execute();
  }
}
