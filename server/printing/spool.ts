import type { FastifyBaseLogger } from 'fastify';
import type { Database, Trx } from '../db/index.ts';
import { openTransport, type PrinterPolicy, type PrinterTransport } from '../../printers/transports/index.ts';
import { printerState, queryStatus, type PrinterStatus } from '../../printers/status.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Outcome, PrinterEvent } from '../services/events.ts';
import { PrinterLane } from './lane.ts';
import { expireStaleTickets, releaseStaleClaims, type SpoolOptions } from './retry.ts';

export { DEFAULT_SPOOL, expireStaleTickets, releaseStaleClaims, retryPatch, type SpoolOptions } from './retry.ts';

interface Deps {
  db: Database;
  ctx: ServiceContext;
  log: FastifyBaseLogger;
  /** The only place `file:` printers may write (the data folder's spool). */
  policy: PrinterPolicy;
  run<T>(work: (trx: Trx) => Promise<Outcome<T>>): Promise<T>;
}

type PrinterAt = { hall_id: string; printer_uri: string; device_id: string | null; window_id: string | null };

/**
 * Jobs left `sent` when the server stopped (a crash, a kill) may or may not have printed: they
 * go back to pending with their copy counted, so the lane asks the printer's status and prints
 * them again marked 补打. An agent's claim may still be printing: it is settled once its lease
 * is over (here, and at the agent's next claim in agent-jobs.ts); a late "printed" still counts.
 */
export async function settleInterrupted(db: Database, now: number, agentLeaseMs: number): Promise<number> {
  const server = await db
    .updateTable('print_jobs')
    .set({ status: 'pending', next_attempt_at: now, last_error: 'INTERRUPTED: the server stopped before the printer confirmed' })
    .where('status', '=', 'sent')
    .where('printer_uri', 'not like', 'agent:%')
    .executeTakeFirst();
  return Number(server.numUpdatedRows) + (await releaseStaleClaims(db, now, agentLeaseMs));
}

/**
 * The print spool: one lane per printer (see lane.ts), so a hung or slow printer delays only
 * its own jobs. A job is `done` only when its printer answered after the bytes.
 */
export class PrintSpool {
  private readonly lanes = new Map<string, PrinterLane>();
  private dispatching: Promise<void> | null = null;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: Deps, readonly opts: SpoolOptions) {}

  async start(): Promise<void> {
    const settled = await settleInterrupted(this.deps.db, this.deps.ctx.clock.now(), this.opts.agentLeaseMs);
    if (settled > 0) this.deps.log.warn({ jobs: settled }, 'print jobs interrupted by the last stop will print again, marked 补打');
    this.kick();
    if (this.opts.pollStatusMs > 0) {
      this.poller = setInterval(() => void this.pollPrinters().catch((err) => this.deps.log.warn({ err }, 'printer poll failed')), this.opts.pollStatusMs);
      this.poller.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    await this.dispatching;
    await Promise.all([...this.lanes.values()].map((l) => l.stop()));
  }

  /** Wake one printer's lane, or (no address) every printer with pending jobs. */
  kick(printerUri?: string): void {
    if (this.stopped) return;
    if (printerUri !== undefined) {
      if (!printerUri.startsWith('agent:')) this.lane(printerUri).kick();
      return;
    }
    if (this.dispatching) return;
    this.dispatching = this.dispatch()
      .catch((err) => this.deps.log.error({ err }, 'print spool dispatch failed'))
      .finally(() => (this.dispatching = null));
  }

  /** Resolves when every lane is idle: for tests and shutdown. */
  async idle(): Promise<void> {
    for (;;) {
      await this.dispatching;
      const busy = [...this.lanes.values()].filter((l) => l.busy);
      if (busy.length === 0 && !this.dispatching) return;
      await Promise.all(busy.map((l) => l.idle()));
    }
  }

  /** Expire stale tickets, send everything due now, and wait until it is sent. */
  async processDue(): Promise<void> {
    await this.dispatching;
    this.kick();
    await this.idle();
  }

  /** Is this printer's lane sending right now? (The poll leaves such a printer alone.) */
  isBusy(printerUri: string): boolean {
    return this.lanes.get(printerUri)?.busy ?? false;
  }

  private async dispatch(): Promise<void> {
    await expireStaleTickets(this.deps.db, this.deps.ctx.clock.now(), this.opts.ticketTtlMs);
    const rows = await this.deps.db
      .selectFrom('print_jobs')
      .select('printer_uri')
      .distinct()
      .where('status', '=', 'pending')
      .where('printer_uri', 'not like', 'agent:%') // the device agent on the kiosk's PC prints those
      .execute();
    for (const r of rows) this.lane(r.printer_uri).kick();
  }

  private lane(uri: string): PrinterLane {
    let lane = this.lanes.get(uri);
    if (!lane) {
      lane = new PrinterLane(uri, {
        db: this.deps.db,
        log: this.deps.log,
        now: () => this.deps.ctx.clock.now(),
        policy: this.deps.policy,
        opts: this.opts,
        record: (at, state, status, error) => this.record(at, state, status, error),
      }, (idle) => this.lanes.get(idle.uri) === idle && this.lanes.delete(idle.uri));
      this.lanes.set(uri, lane);
    }
    return lane;
  }

  /** Stores the printer's state; a change is a hall-wide `printer` event for kiosks and managers. */
  async record(at: PrinterAt, state: string, status: PrinterStatus | null, error?: string): Promise<void> {
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

  /** Asks every configured printer that can answer for its status, each on its own (a hung one holds no other). */
  async pollPrinters(): Promise<void> {
    const devices = await this.deps.db.selectFrom('devices').select(['id', 'hall_id', 'printer_uri']).where('printer_uri', 'is not', null).execute();
    const windows = await this.deps.db.selectFrom('windows').select(['id', 'hall_id', 'printer_uri']).where('printer_uri', 'is not', null).execute();
    const targets: PrinterAt[] = [
      ...devices.map((d) => ({ hall_id: d.hall_id, printer_uri: d.printer_uri!, device_id: d.id, window_id: null })),
      ...windows.map((w) => ({ hall_id: w.hall_id, printer_uri: w.printer_uri!, device_id: null, window_id: w.id })),
    ].filter((p) => !p.printer_uri.startsWith('file:') && !p.printer_uri.startsWith('agent:') && !this.isBusy(p.printer_uri));
    await Promise.all(targets.map((p) => this.poll(p)));
  }

  private async poll(p: PrinterAt): Promise<void> {
    let t: PrinterTransport | undefined;
    try {
      t = await openTransport(p.printer_uri, { policy: this.deps.policy, connectTimeoutMs: this.opts.connectTimeoutMs, writeTimeoutMs: this.opts.writeTimeoutMs, readTimeoutMs: this.opts.statusTimeoutMs });
      // Silence is `unknown`, never `ok` (printerState of an unanswered query).
      const status = t.canRead ? await queryStatus(t, this.opts.statusTimeoutMs) : null;
      await this.record(p, status ? printerState(status) : 'unknown', status);
    } catch (err) {
      await this.record(p, 'unreachable', null, (err as Error).message);
    } finally {
      await t?.close().catch(() => undefined);
    }
  }
}
