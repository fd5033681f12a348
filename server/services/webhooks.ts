import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isoInZone, minuteOfDay, serviceDay } from '../domain/time.ts';
import { maskTail, webhookUrlProblem, WEBHOOK_EVENTS, type WebhookEventName } from '../domain/webhook.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { DomainEvent } from './events.ts';
import { audit } from './window-view.ts';

/**
 * Webhooks of a hall: set up by its admin, fed by the services that cause the events. A service
 * calls `queueWebhook` inside its own transaction, so the outbox row commits with the call, the
 * case or the rating (or not at all); the dispatcher delivers it after commit (server/webhooks).
 */

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventName[];
  active: boolean;
  createdAt: string;
}

export interface WebhookInput {
  url?: string;
  secret?: string;
  events?: WebhookEventName[];
  active?: boolean;
}

const view = (w: { id: string; url: string; events: string; active: number; created_at: number }, tz: string): WebhookView => ({
  id: w.id, url: w.url, events: JSON.parse(w.events) as WebhookEventName[], active: w.active === 1, createdAt: isoInZone(Number(w.created_at), tz),
});

async function hallZone(db: Queryable, hallId: string): Promise<string> {
  const h = await db.selectFrom('halls').select('time_zone').where('id', '=', hallId).executeTakeFirst();
  if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  return h.time_zone;
}

function check(input: WebhookInput): void {
  if (input.url !== undefined) {
    const problem = webhookUrlProblem(input.url);
    if (problem) throw invalid('BAD_WEBHOOK_URL', `推送地址不可用：${problem}`);
  }
  if (input.events !== undefined && input.events.some((e) => !WEBHOOK_EVENTS.includes(e))) throw invalid('BAD_WEBHOOK_EVENT', `事件只能是 ${WEBHOOK_EVENTS.join('、')}`);
}

export async function listWebhooks(db: Queryable, hallId: string): Promise<WebhookView[]> {
  const tz = await hallZone(db, hallId);
  const rows = await db.selectFrom('webhooks').select(['id', 'url', 'events', 'active', 'created_at']).where('hall_id', '=', hallId).orderBy('created_at').execute();
  return rows.map((r) => view(r, tz));
}

export async function saveWebhook(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, webhookId: string | null, input: WebhookInput) {
  const tz = await hallZone(trx, hallId);
  check(input);
  const now = ctx.clock.now();
  let id = webhookId;
  if (id === null) {
    if (!input.url || !input.secret || !input.events?.length) throw invalid('WEBHOOK_FIELDS_REQUIRED', '推送须有地址、签名密钥和至少一个事件');
    id = crypto.randomUUID();
    await trx.insertInto('webhooks').values({ id, hall_id: hallId, url: input.url, secret: input.secret, events: JSON.stringify(input.events), active: input.active === false ? 0 : 1, created_at: now }).execute();
  } else {
    const w = await trx.selectFrom('webhooks').select('hall_id').where('id', '=', id).executeTakeFirst();
    if (!w || w.hall_id !== hallId) throw notFound('WEBHOOK_NOT_FOUND', '没有这个推送');
    const values = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify(input.events) } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    };
    if (Object.keys(values).length) await trx.updateTable('webhooks').set(values).where('id', '=', id).execute();
  }
  // The secret never goes into the audit log.
  await audit(trx, actor, hallId, webhookId ? 'webhook.update' : 'webhook.create', id, { url: input.url, events: input.events, active: input.active }, now);
  const row = await trx.selectFrom('webhooks').select(['id', 'url', 'events', 'active', 'created_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { result: view(row, tz), events: [] as DomainEvent[] };
}

export async function deleteWebhook(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, webhookId: string) {
  const w = await trx.selectFrom('webhooks').select('hall_id').where('id', '=', webhookId).executeTakeFirst();
  if (!w || w.hall_id !== hallId) throw notFound('WEBHOOK_NOT_FOUND', '没有这个推送');
  // Undelivered rows would have no secret to sign with: they end as failed, the log keeps them.
  await trx.updateTable('webhook_outbox').set({ status: 'failed', last_error: 'webhook deleted' }).where('webhook_id', '=', webhookId).where('status', '=', 'pending').execute();
  await trx.deleteFrom('webhooks').where('id', '=', webhookId).execute();
  await audit(trx, actor, hallId, 'webhook.delete', webhookId, null, ctx.clock.now());
  return { result: null, events: [] as DomainEvent[] };
}

/**
 * Queues `event` for every active webhook of the hall that asked for it. Returns the event that
 * wakes the dispatcher after commit (none when nobody listens). `dedupeKey`: a sweep that runs
 * again queues the same event once.
 */
export async function queueWebhook(trx: Trx, ctx: ServiceContext, hallId: string, event: WebhookEventName, data: Record<string, unknown>, dedupeKey?: string): Promise<DomainEvent[]> {
  const all = await trx.selectFrom('webhooks').select(['id', 'events']).where('hall_id', '=', hallId).where('active', '=', 1).execute();
  const hooks = all.filter((h) => (JSON.parse(h.events) as string[]).includes(event));
  // A hall with no receiver pays one indexed read per call, nothing more.
  if (!hooks.length) return [];
  const now = ctx.clock.now();
  const tz = await hallZone(trx, hallId);
  let queued = 0;
  for (const h of hooks) {
    const id = crypto.randomUUID();
    const body = JSON.stringify({ id, event, hallId, occurredAt: isoInZone(now, tz), data });
    const r = await trx
      .insertInto('webhook_outbox')
      .values({ id, hall_id: hallId, webhook_id: h.id, event, body, status: 'pending', attempts: 0, next_attempt_at: now, created_at: now, delivered_at: null, last_status: null, last_error: null, dedupe_key: dedupeKey ?? null })
      .onConflict((oc) => oc.columns(['webhook_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    queued += Number(r.numInsertedOrUpdatedRows ?? 1n);
  }
  return queued > 0 ? [{ type: 'webhook', hallId }] : [];
}

/** The call as a gateway needs it: number, window, and the phone's last digits if the citizen left one. */
export async function queueCalled(trx: Trx, ctx: ServiceContext, t: { hall_id: string; number: string; phone_last4: string | null }, call: { windowNo: number; windowName: string; categoryName: string; recall: boolean; at: string }) {
  return queueWebhook(trx, ctx, t.hall_id, 'called', {
    number: t.number, windowNo: call.windowNo, windowName: call.windowName, categoryName: call.categoryName, recall: call.recall, calledAt: call.at, phone: maskTail(t.phone_last4),
  });
}

/** 16:00 hall time: from then on, tomorrow's bookings are reminded. */
export const REMINDER_FROM_MINUTE = 16 * 60;

/**
 * 预约提醒: tomorrow's bookings (hall time), each queued once however often the sweep runs.
 * Runs on the leader only (server/plugins/webhooks.ts).
 */
export async function queueAppointmentReminders(trx: Trx, ctx: ServiceContext, hallId: string): Promise<DomainEvent[]> {
  const tz = await hallZone(trx, hallId);
  const now = ctx.clock.now();
  // The evening before, as halls send them; a booking made later that evening is reminded at the next sweep.
  if (minuteOfDay(now, tz) < REMINDER_FROM_MINUTE) return [];
  const tomorrow = serviceDay(now + 24 * 3600_000, tz);
  const rows = await trx
    .selectFrom('appointments as a')
    .innerJoin('categories as c', 'c.id', 'a.category_id')
    .select(['a.id', 'a.code', 'a.day', 'a.slot_start', 'a.slot_end', 'a.phone_last4', 'c.name as categoryName'])
    .where('a.hall_id', '=', hallId)
    .where('a.day', '=', tomorrow)
    .where('a.status', '=', 'booked')
    .execute();
  const events: DomainEvent[] = [];
  for (const a of rows) {
    const data = { code: a.code, date: a.day, slotStart: a.slot_start, slotEnd: a.slot_end, categoryName: a.categoryName, phone: maskTail(a.phone_last4) };
    events.push(...(await queueWebhook(trx, ctx, hallId, 'appointment_tomorrow', data, `appointment_tomorrow:${a.id}`)));
  }
  return events.slice(0, 1);
}

export interface DeliveryView {
  id: string;
  webhookId: string;
  event: string;
  status: string;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  tries: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** The delivery log, newest first: each event, its state and every try. */
export async function listDeliveries(db: Queryable, hallId: string, limit: number): Promise<DeliveryView[]> {
  const tz = await hallZone(db, hallId);
  const rows = await db.selectFrom('webhook_outbox').selectAll().where('hall_id', '=', hallId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  const tries = rows.length
    ? await db.selectFrom('webhook_attempts').selectAll().where('outbox_id', 'in', rows.map((r) => r.id)).orderBy('at').execute()
    : [];
  const iso = (ms: number | null) => (ms === null ? null : isoInZone(Number(ms), tz));
  return rows.map((r) => ({
    id: r.id, webhookId: r.webhook_id, event: r.event, status: r.status, attempts: r.attempts, createdAt: iso(r.created_at)!,
    deliveredAt: iso(r.delivered_at), nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null, lastStatus: r.last_status, lastError: r.last_error,
    tries: tries.filter((x) => x.outbox_id === r.id).map((x) => ({ at: iso(x.at)!, statusCode: x.status_code, error: x.error, durationMs: x.duration_ms })),
  }));
}
