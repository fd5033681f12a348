import crypto from 'node:crypto';
import { keepTicketPhone } from './callbacks.ts';
import type { Ticket } from '../../protocol/schemas.ts';
import { sql } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';
import { forbidden, invalid, notFound, conflict } from '../domain/errors.ts';
import { assertPhone, isValidIdNumber, lastFour } from '../domain/id-number.ts';
import { hashIdNumber } from './identity.ts';
import { appointmentForCheckIn, markCheckedIn } from './appointments.ts';
import { caseForPickup } from './cases.ts';
import { checkIssuing, formatNumber, periodAt, type IssuingPeriod } from '../domain/issuing.ts';
import type { Priority } from '../domain/rules.ts';
import { minuteOfDay, isoInZone } from '../domain/time.ts';
import { OPEN_STATUSES } from '../domain/ticket-state.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { appendTicketEvent, countAhead, loadHall, today, type HallInfo, type TicketRow } from './queue.ts';
import { assertMayView, newTicketKey, ticketKeyHash } from './ticket-keys.ts';
import { offeredMatter } from './sinking.ts';
import { loadBundle } from './bundles.ts';
import { estimateFor, readEstimates, type Estimates } from './wait-estimate.ts';

export interface IssueInput {
  hallId: string;
  categoryId: string;
  priority?: Priority;
  appointmentCode?: string;
  /** 综窗出件: the pickup slip's code; the case must be decided. */
  pickupCode?: string;
  idNumber?: string;
  phone?: string;
  matterId?: string;
  /** 一件事: one ticket for the bundle, in the bundle's queue (`categoryId` must be the bundle's). */
  bundleId?: string;
}

/** A ticket as the contract shows it (protocol/schemas.ts). */
export type TicketView = Ticket;

export async function issueTicket(trx: Trx, ctx: ServiceContext, actor: Actor, input: IssueInput): Promise<Outcome<TicketView>> {
  const hall = await loadHall(trx, input.hallId);
  const category = await trx
    .selectFrom('categories')
    .selectAll()
    .where('id', '=', input.categoryId)
    .where('hall_id', '=', hall.id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!category) throw notFound('CATEGORY_NOT_FOUND', `没有这个业务类别：${input.categoryId}`);
  if (input.priority === 'green' && !actor.staffId && !actor.deviceId) {
    throw forbidden('GREEN_CHANNEL_STAFF_ONLY', '绿色通道号须由工作人员或大厅取号机发放');
  }
  if (input.matterId !== undefined) {
    // A matter of this category, or one the county sent down to this hall (下沉事项, any of its categories).
    const matter = await offeredMatter(trx, hall.id, input.matterId);
    if (!matter || (matter.hall_id === hall.id && matter.category_id !== category.id)) throw notFound('MATTER_NOT_FOUND', '该业务类别下没有这个事项');
  }

  if (input.bundleId !== undefined) {
    const bundle = await loadBundle(trx, hall.id, input.bundleId);
    if (bundle.categoryId !== category.id) throw invalid('BUNDLE_CATEGORY_MISMATCH', `“${bundle.row.name}”在另一个业务类别取号`, { categoryId: bundle.categoryId });
    if (input.matterId !== undefined) throw invalid('BUNDLE_OR_MATTER', '一件事号票不指定单个事项');
  }

  const now = ctx.clock.now();
  const day = today(hall, now);
  // The id lets a kiosk or a clerk show and reprint a ticket already held; an anonymous caller learns only its number.
  const credentialed = !!actor.staffId || !!actor.deviceId;
  // 预约签到: the booking is its own quota and period; its ticket is called before walk-ins once the slot begins.
  const booking = input.appointmentCode !== undefined ? await appointmentForCheckIn(trx, hall, input.appointmentCode, category.id, now, credentialed) : null;
  const pickup = input.pickupCode !== undefined ? await caseForPickup(trx, hall.id, input.pickupCode, credentialed) : null;

  assertPhone(input.phone);
  let idHash: string | null = booking?.appointment.id_hash ?? null;
  if (input.idNumber !== undefined) {
    if (!isValidIdNumber(input.idNumber)) throw invalid('INVALID_ID_NUMBER', '身份证号码校验不通过，请核对后重新输入');
    idHash = hashIdNumber(ctx, input.idNumber);
  }

  const periods = JSON.parse(category.periods) as IssuingPeriod[];
  // The estimate's inputs (service times, windows), read before the counter's lock so the lock is
  // held for fewer statements (on PostgreSQL, concurrent issuers of a category wait on it); the
  // category's own waiting count is taken from the counter below.
  const estimatesBefore = await readEstimates(trx, hall.id, day, { categoryIds: [category.id] });
  // The counter's lock: one upsert per ticket on (hall, category, day), RETURNING the new value,
  // taken before the quotas are checked. The row stays locked until commit, so concurrent
  // issuers of a category (other requests, other instances) wait here and each then sees the
  // tickets of the ones before it: no number is given twice and no quota is overrun. A refused
  // ticket rolls the counter back with everything else.
  // The same row counts the category's waiting tickets (services/waiting-counts.ts): this one joins them.
  const counter = await trx
    .insertInto('number_counters')
    .values({ hall_id: hall.id, category_id: category.id, service_day: day, last_seq: 1, waiting: 1 })
    .onConflict((oc) => oc.columns(['hall_id', 'category_id', 'service_day']).doUpdateSet({ last_seq: sql<number>`number_counters.last_seq + 1`, waiting: sql<number>`number_counters.waiting + 1` }))
    .returning(['last_seq', 'waiting'])
    .executeTakeFirstOrThrow();
  const seq = Number(counter.last_seq);
  if (input.idNumber !== undefined) {
    // One open ticket per ID number and category, checked under the counter's lock.
    const open = await trx
      .selectFrom('tickets')
      .select(['id', 'number'])
      .where('id_hash', '=', idHash)
      .where('category_id', '=', category.id)
      .where('service_day', '=', day)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst();
    if (open) {
      throw conflict('ALREADY_WAITING', `您已取得 ${open.number} 号，可补打号票`, credentialed ? { ticketId: open.id, number: open.number } : { number: open.number });
    }
  }
  const minute = minuteOfDay(now, hall.timeZone);
  const periodIndex = periodAt(periods, minute);
  const issuedInPeriod =
    periodIndex === null || periodIndex < 0
      ? 0
      : Number(
          (
            await trx
              .selectFrom('tickets')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('hall_id', '=', hall.id)
              .where('category_id', '=', category.id)
              .where('service_day', '=', day)
              .where('period_index', '=', periodIndex)
              .executeTakeFirstOrThrow()
          ).n,
        );
  if (!booking) checkIssuing(periods, periodIndex, {
    dailyQuota: category.daily_quota,
    issuedToday: seq - 1,
    periodQuota: periodIndex !== null && periodIndex >= 0 ? (periods[periodIndex].quota ?? null) : null,
    issuedInPeriod,
  });

  // Arrival order key: strictly increasing within the day, even for tickets issued in the same
  // millisecond, so 过号重排 can always place a returning ticket between two others.
  const last = await trx
    .selectFrom('tickets')
    .select((eb) => eb.fn.max('sort_key').as('k'))
    .where('hall_id', '=', hall.id)
    .where('service_day', '=', day)
    .executeTakeFirst();
  const sortKey = Math.max(now, Number(last?.k ?? 0) + 0.01);

  const key = newTicketKey();
  const row: TicketRow = {
    id: crypto.randomUUID(),
    hall_id: hall.id,
    category_id: category.id,
    service_day: day,
    seq,
    number: formatNumber(category.prefix, seq),
    kind: booking ? 'appointment' : pickup ? 'pickup' : 'walk_in',
    priority: input.priority ?? null,
    status: 'waiting',
    period_index: periodIndex !== null && periodIndex >= 0 ? periodIndex : null,
    issued_at: now,
    sort_key: sortKey,
    target_window_id: null,
    window_id: null,
    called_at: null,
    first_called_at: null,
    serving_at: null,
    finished_at: null,
    recall_count: 0,
    id_hash: idHash,
    id_last4: input.idNumber ? lastFour(input.idNumber) : (booking?.appointment.id_last4 ?? null),
    phone_last4: input.phone ? input.phone.slice(-4) : null,
    matter_id: input.matterId ?? pickup?.matter_id ?? null,
    device_id: actor.deviceId ?? null,
    appointment_slot_start: booking?.slotStartMs ?? null,
    closed_reason: null,
    case_id: pickup?.id ?? null,
    key_hash: ticketKeyHash(key),
    bundle_id: input.bundleId ?? null,
  };
  await trx.insertInto('tickets').values(row).execute();
  if (input.phone) await keepTicketPhone(trx, hall.id, row.id, input.phone, now);
  if (booking) await markCheckedIn(trx, booking.appointment.id, row.id, now);
  await appendTicketEvent(trx, row, 'issued', now, {
    staffId: actor.staffId,
    data: { number: row.number, priority: row.priority, deviceId: actor.deviceId ?? null, appointment: booking?.appointment.code ?? null },
  });

  // The secret goes once to whoever issued the ticket (and into its QR), never again.
  const waiting = Number(counter.waiting);
  // One read of the estimate's inputs for the ticket's own wait and the kiosk tiles' (the wait a number taken now would have).
  const estimates = estimatesBefore.withWaiting(category.id, waiting);
  const view = { ...(await ticketView(trx, ctx, hall, row, { categoryName: category.name, waitingInCategory: waiting, estimates })), key };
  // The kiosk tiles' figures: numbers taken today (against the quota) and the next number's wait.
  const inPeriod = periodIndex !== null && periodIndex >= 0 ? { issuedInPeriod: { index: periodIndex, n: issuedInPeriod + 1 } } : {};
  return outcome(view, [{ type: 'queue', hallId: hall.id, categoryId: category.id, waiting, issuedToday: seq, estimatedWaitMinutes: estimates.nextNumber(category.id), ...inPeriod }]);
}

/**
 * `issued`: what the issue has already read (the category's name, its waiting count with the new
 * ticket, the estimate's inputs), so a just-issued ticket's view costs no query over its queue.
 */
export async function ticketView(
  trx: Queryable,
  ctx: ServiceContext,
  hall: HallInfo,
  t: TicketRow,
  issued?: { categoryName: string; waitingInCategory: number; estimates: Estimates },
): Promise<TicketView> {
  const category = issued ? { name: issued.categoryName } : await trx.selectFrom('categories').select(['name']).where('id', '=', t.category_id).executeTakeFirstOrThrow();
  const win = t.window_id
    ? await trx.selectFrom('windows').select(['no', 'name']).where('id', '=', t.window_id).executeTakeFirst()
    : undefined;
  let ahead = 0;
  let estimate = 0;
  if (t.status === 'waiting') {
    ahead = await countAhead(trx, t, ctx.clock.now(), issued?.waitingInCategory);
    estimate = issued ? issued.estimates.ticket(t, ahead) : await estimateFor(trx, t, ahead);
  }
  return {
    id: t.id,
    number: t.number,
    categoryId: t.category_id,
    categoryName: category.name,
    hallId: t.hall_id,
    status: t.status,
    priority: t.priority as Priority | null,
    serviceDay: t.service_day,
    issuedAt: isoInZone(Number(t.issued_at), hall.timeZone),
    waitingAhead: ahead,
    estimatedWaitMinutes: estimate,
    windowId: t.window_id,
    windowNo: win?.no ?? null,
    windowName: win?.name ?? null,
    calledAt: t.called_at === null ? null : isoInZone(Number(t.called_at), hall.timeZone),
    maskedId: t.id_last4 ? `**************${t.id_last4}` : null,
    matterId: t.matter_id,
    ...(t.bundle_id ? { bundleId: t.bundle_id } : {}),
  };
}

export async function getTicket(trx: Queryable, ctx: ServiceContext, ticketId: string): Promise<TicketView> {
  const t = await findTicket(trx, ticketId);
  return ticketView(trx, ctx, await loadHall(trx, t.hall_id), t);
}

/** GET /api/tickets/:id: the holder (its key), staff of its hall, or a device of its hall. */
export async function getTicketFor(trx: Queryable, ctx: ServiceContext, actor: Actor, ticketId: string, key: string | undefined): Promise<TicketView> {
  const t = await findTicket(trx, ticketId);
  assertMayView(t, actor, key);
  return ticketView(trx, ctx, await loadHall(trx, t.hall_id), t);
}

export async function findTicket(trx: Queryable, ticketId: string): Promise<TicketRow> {
  const t = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!t) throw notFound('TICKET_NOT_FOUND', '没有这张号票');
  return t;
}
