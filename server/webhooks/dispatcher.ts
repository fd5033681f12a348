import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { lockForUpdate, type Database } from '../db/index.ts';
import { MAX_ATTEMPTS, retryDelayMs, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../domain/webhook.ts';
import type { ServiceContext } from '../services/context.ts';

/** A claimed delivery is nobody else's for this long (its instance died mid-try: due again after it). */
export const WEBHOOK_LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 20;

interface Claimed {
  id: string;
  event: string;
  body: string;
  attempts: number;
  url: string | null;
  secret: string | null;
}

/**
 * Delivers the outbox. Every instance may run one: deliveries are claimed `FOR UPDATE SKIP LOCKED`
 * and leased ahead (as print jobs are, server/printing/claim.ts), so two instances never send the
 * same row at once; on SQLite the one process serialises it anyway. Woken after a commit that
 * queued something, and every `pollMs` for retries that came due.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: { db: Database; ctx: ServiceContext; log: FastifyBaseLogger },
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (this.pollMs > 0) {
      this.timer = setInterval(() => this.kick(), this.pollMs);
      this.timer.unref();
    }
    this.kick();
  }

  /** Runs a round now (or right after the one under way). Resolves when the outbox has nothing due. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.round()) > 0);
        } while (this.again && !this.stopped);
      } catch (err) {
        this.deps.log.error({ err }, 'webhook round failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<number> {
    const due = await this.claim();
    await Promise.all(due.map((d) => this.deliver(d)));
    return due.length;
  }

  private claim(): Promise<Claimed[]> {
    const { db, ctx } = this.deps;
    const now = ctx.clock.now();
    return db.transaction().execute(async (trx) => {
      const rows = await lockForUpdate(
        trx,
        trx.selectFrom('webhook_outbox').select(['id', 'webhook_id', 'event', 'body', 'attempts']).where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(BATCH),
        { skipLocked: true },
      ).execute();
      if (!rows.length) return [];
      await trx.updateTable('webhook_outbox').set({ next_attempt_at: now + WEBHOOK_LEASE_MS }).where('id', 'in', rows.map((r) => r.id)).execute();
      const hooks = await trx.selectFrom('webhooks').select(['id', 'url', 'secret']).where('id', 'in', rows.map((r) => r.webhook_id)).execute();
      return rows.map((r) => {
        const h = hooks.find((x) => x.id === r.webhook_id);
        return { id: r.id, event: r.event, body: r.body, attempts: r.attempts, url: h?.url ?? null, secret: h?.secret ?? null };
      });
    });
  }

  private async deliver(d: Claimed): Promise<void> {
    const { db, ctx } = this.deps;
    const started = ctx.clock.now();
    const t0 = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    if (!d.url || !d.secret) error = 'webhook deleted';
    else {
      const timestamp = Math.floor(started / 1000);
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          // A redirect could lead the signed body anywhere: a 3xx counts as a failed try.
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'hallq-webhook',
            'x-hallq-event': d.event,
            'x-hallq-delivery': d.id,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signBody(d.secret, timestamp, d.body),
          },
          body: d.body,
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
      }
    }
    const attempts = d.attempts + 1;
    const now = ctx.clock.now();
    const giveUp = error !== null && (attempts >= MAX_ATTEMPTS || !d.url);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('webhook_attempts').values({ id: crypto.randomUUID(), outbox_id: d.id, at: started, status_code: status, error, duration_ms: Math.round(performance.now() - t0) }).execute();
      await trx
        .updateTable('webhook_outbox')
        .set({
          attempts, last_status: status, last_error: error,
          status: error === null ? 'delivered' : giveUp ? 'failed' : 'pending',
          delivered_at: error === null ? now : null,
          next_attempt_at: error === null || giveUp ? now : now + retryDelayMs(attempts),
        })
        .where('id', '=', d.id)
        .execute();
    });
    if (error) this.deps.log.warn({ delivery: d.id, event: d.event, attempts, error }, giveUp ? 'webhook delivery given up' : 'webhook delivery failed, will retry');
  }
}
