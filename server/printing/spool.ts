import type { FastifyBaseLogger } from 'fastify';
import type { Database, Trx } from '../db/index.ts';
import { openTransport, type PrinterTransport } from '../../printers/transports/index.ts';
import { canPrint, printerState, queryStatus, type PrinterStatus } from '../../printers/status.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Outcome, PrinterEvent } from '../services/events.ts';
import { claimDueJobs } from './claim.ts';

export interface SpoolOptions {
  /** First retry after this long, doubling up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Failed writes before a job is given up as `failed` (a printer out of paper does not count). */
  maxAttempts: number;
  statusTimeoutMs: number;
  /** Status poll of configured printers; 0: off. */
  pollStatusMs: number;
  /** A queue ticket not printed by then is dropped: its citizen has long left the kiosk. */
  ticketTtlMs: number;
}

export const DEFAULT_SPOOL: SpoolOptions = { baseBackoffMs: 2000, maxBackoffMs: 60_000, maxAttempts: 8, statusTimeoutMs: 800, pollStatusMs: 30_000, ticketTtlMs: 10 * 60_000 };

/**
 * Queue tickets still unprinted after `ttlMs` are marked failed (EXPIRED) rather than printed
 * when the paper comes back: nobody is at the kiosk to take them. Slips and reprints asked for
 * by a clerk are not affected (a reprint is a new job).
 */
export async function expireStaleTickets(db: Database | Trx, now: number, ttlMs: number): Promise<number> {
  const r = await db
    .updateTable('print_jobs')
    .set({ status: 'failed', last_error: 'EXPIRED: not printed in time', finished_at: now })
    .where('kind', '=', 'ticket')
    .where('status', '=', 'pending')
    .where('created_at', '<', now - ttlMs)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

interface Deps {
  db: Database;
  ctx: ServiceContext;
  log: FastifyBaseLogger;
  run<T>(work: (trx: Trx) => Promise<Outcome<T>>): Promise<T>;
}

type Job = { id: string; hall_id: string; printer_uri: string; payload: Uint8Array; attempts: number; device_id: string | null; window_id: string | null };

/**
 * The next state of a job that could not print: back to pending after an exponential backoff,
 * or `failed` once the attempts that count (I/O errors, not a printer out of paper) run out.
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
 * The print spool: sends pending jobs, oldest first, one printer at a time each. Before sending
 * it asks the printer's status: out of paper or cover open, the job waits and is retried with
 * backoff; it is marked `sent` before the bytes go and `done` after, so a job is written once.
 */
export class PrintSpool {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: Deps, readonly opts: SpoolOptions = DEFAULT_SPOOL) {}

  start(): void {
    this.kick();
    if (this.opts.pollStatusMs > 0) {
      this.poller = setInterval(() => void this.pollPrinters().catch((err) => this.deps.log.warn({ err }, 'printer poll failed')), this.opts.pollStatusMs);
      this.poller.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
    await this.running;
  }

  /** Process due jobs now (coalesced: a kick during a run makes one more run). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.processDue()
      .catch((err) => this.deps.log.error({ err }, 'print spool run failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.scheduleNext();
      });
  }

  /** Resolves when the spool is idle: for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    const next = await this.deps.db
      .selectFrom('print_jobs')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .where('printer_uri', 'not like', 'agent:%')
      .executeTakeFirst();
    clearTimeout(this.timer);
    if (next?.at === null || next?.at === undefined) return;
    const wait = Math.max(0, Number(next.at) - this.deps.ctx.clock.now());
    this.timer = setTimeout(() => this.kick(), Math.min(wait, this.opts.maxBackoffMs) + 5);
    this.timer.unref();
  }

  async processDue(): Promise<void> {
    const now = this.deps.ctx.clock.now();
    await expireStaleTickets(this.deps.db, now, this.opts.ticketTtlMs);
    // Claimed, not just read: two instances never send one job (./claim.ts).
    const due: Job[] = await claimDueJobs(this.deps.db, now);
    const byPrinter = new Map<string, Job[]>();
    for (const j of due) byPrinter.set(j.printer_uri, [...(byPrinter.get(j.printer_uri) ?? []), j]);
    await Promise.all([...byPrinter.entries()].map(([uri, jobs]) => this.sendAll(uri, jobs)));
  }

  private async sendAll(uri: string, jobs: Job[]): Promise<void> {
    let t: PrinterTransport | undefined;
    try {
      t = await openTransport(uri, { connectTimeoutMs: 3000 });
      if (t.canRead) {
        const status = await queryStatus(t, this.opts.statusTimeoutMs);
        await this.record(jobs[0], printerState(status), status);
        if (status.known && !canPrint(status)) {
          // Out of paper or cover open: wait for a person, retry without using up attempts.
          for (const j of jobs) await this.retry(j, `printer ${printerState(status)}`, false);
          return;
        }
      } else {
        await this.record(jobs[0], 'unknown', null);
      }
      for (const [i, j] of jobs.entries()) {
        await this.mark(j.id, { status: 'sent', sent_at: this.deps.ctx.clock.now(), attempts: j.attempts + 1 });
        try {
          await t.write(j.payload);
        } catch (err) {
          // The connection broke mid-job: this one is retried (and counted), the rest were never tried.
          const message = (err as Error).message;
          await this.retry({ ...j, attempts: j.attempts + 1 }, message, true, true);
          for (const rest of jobs.slice(i + 1)) await this.retry(rest, message, false);
          await this.record(j, 'unreachable', null, message);
          return;
        }
        await this.mark(j.id, { status: 'done', finished_at: this.deps.ctx.clock.now(), last_error: null });
      }
    } catch (err) {
      // Could not open the printer or ask its status: nothing was sent.
      const message = (err as Error).message;
      await this.record(jobs[0], 'unreachable', null, message);
      for (const j of jobs) await this.retry(j, message, true);
    } finally {
      await t?.close().catch(() => undefined);
    }
  }

  private async retry(j: Job, error: string, counts: boolean, alreadyCounted = false): Promise<void> {
    const attempts = counts && !alreadyCounted ? j.attempts + 1 : j.attempts;
    const patch = retryPatch(attempts, error, counts, this.opts, this.deps.ctx.clock.now());
    await this.mark(j.id, patch);
    if (patch.status === 'failed') this.deps.log.warn({ jobId: j.id, error }, 'print job failed for good');
  }

  private async mark(id: string, patch: Record<string, unknown>): Promise<void> {
    await this.deps.db.updateTable('print_jobs').set(patch).where('id', '=', id).execute();
  }

  /** Stores the printer's state; a change is a hall-wide `printer` event for kiosks and managers. */
  async record(at: { hall_id: string; printer_uri: string; device_id: string | null; window_id: string | null }, state: string, status: PrinterStatus | null, error?: string): Promise<void> {
    const now = this.deps.ctx.clock.now();
    await this.deps.run(async (trx) => {
      const prev = await trx.selectFrom('printer_states').select('state').where('printer_uri', '=', at.printer_uri).executeTakeFirst();
      const row = { hall_id: at.hall_id, device_id: at.device_id, window_id: at.window_id, state, detail: JSON.stringify(status ?? { error }), checked_at: now };
      await trx
        .insertInto('printer_states')
        .values({ printer_uri: at.printer_uri, ...row })
        .onConflict((oc) => oc.column('printer_uri').doUpdateSet(row))
        .execute();
      const device = at.device_id ? await trx.selectFrom('devices').select('name').where('id', '=', at.device_id).executeTakeFirst() : undefined;
      const events: PrinterEvent[] =
        prev?.state === state
          ? []
          : [{ type: 'printer', hallId: at.hall_id, printerUri: at.printer_uri, deviceId: at.device_id, deviceName: device?.name ?? null, windowId: at.window_id, state }];
      return { result: undefined, events };
    });
  }

  /** Asks every configured printer that can answer for its status. */
  async pollPrinters(): Promise<void> {
    const devices = await this.deps.db.selectFrom('devices').select(['id', 'hall_id', 'printer_uri']).where('printer_uri', 'is not', null).execute();
    const windows = await this.deps.db.selectFrom('windows').select(['id', 'hall_id', 'printer_uri']).where('printer_uri', 'is not', null).execute();
    const targets = [
      ...devices.map((d) => ({ hall_id: d.hall_id, printer_uri: d.printer_uri!, device_id: d.id, window_id: null })),
      ...windows.map((w) => ({ hall_id: w.hall_id, printer_uri: w.printer_uri!, device_id: null, window_id: w.id })),
    ].filter((p) => !p.printer_uri.startsWith('file:'));
    for (const p of targets) {
      let t: PrinterTransport | undefined;
      try {
        t = await openTransport(p.printer_uri, { connectTimeoutMs: 2000 });
        const status = t.canRead ? await queryStatus(t, this.opts.statusTimeoutMs) : null;
        await this.record(p, status ? printerState(status) : 'unknown', status);
      } catch (err) {
        await this.record(p, 'unreachable', null, (err as Error).message);
      } finally {
        await t?.close().catch(() => undefined);
      }
    }
  }
}
