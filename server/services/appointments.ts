import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';
import type { AppointmentTable } from '../db/schema/appointment.ts';
import { assertCanCheckIn, checkInState, type AppointmentSlot } from '../domain/appointment.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { assertPhone, isValidIdNumber, lastFour } from '../domain/id-number.ts';
import { instantOf, parseHhMm, serviceDay } from '../domain/time.ts';
import type { Appointment } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { loadHall, type HallInfo } from './queue.ts';
import { hashIdNumber } from './identity.ts';

/** 预约: slots per category and day with a capacity; a booking code checks in at the kiosk. */

type AppointmentRow = Selectable<AppointmentTable>;

export interface SlotView {
  slotStart: string;
  slotEnd: string;
  capacity: number;
  booked: number;
}

export type AppointmentView = Appointment;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ACTIVE = ['booked', 'checked_in'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function category(db: Queryable, hallId: string, categoryId: string) {
  const c = await db.selectFrom('categories').select(['id', 'name', 'appointment_slots']).where('id', '=', categoryId).where('hall_id', '=', hallId).where('active', '=', 1).executeTakeFirst();
  if (!c) throw notFound('CATEGORY_NOT_FOUND', `没有这个业务类别：${categoryId}`);
  return { ...c, slots: JSON.parse(c.appointment_slots) as AppointmentSlot[] };
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function assertBookableDay(hall: HallInfo, date: string, now: number): void {
  const today = serviceDay(now, hall.timeZone);
  if (!DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalid('BAD_DATE', '日期格式应为 YYYY-MM-DD');
  if (date < today || date > addDays(today, hall.rules.bookingDaysAhead)) {
    throw invalid('DATE_OUT_OF_RANGE', `只能预约今天起${hall.rules.bookingDaysAhead}天内的时段`);
  }
}

async function bookedCounts(db: Queryable, hallId: string, categoryId: string, date: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('appointments')
    .select(['slot_start', (eb) => eb.fn.countAll<number>().as('n')])
    .where('hall_id', '=', hallId)
    .where('category_id', '=', categoryId)
    .where('day', '=', date)
    .where('status', 'in', ACTIVE)
    .groupBy('slot_start')
    .execute();
  return new Map(rows.map((r) => [r.slot_start, Number(r.n)]));
}

export async function listSlots(db: Queryable, ctx: ServiceContext, hallId: string, categoryId: string, date: string): Promise<SlotView[]> {
  const hall = await loadHall(db, hallId);
  const cat = await category(db, hallId, categoryId);
  assertBookableDay(hall, date, ctx.clock.now());
  const booked = await bookedCounts(db, hallId, categoryId, date);
  return cat.slots.map((s) => ({ slotStart: s.start, slotEnd: s.end, capacity: s.capacity, booked: booked.get(s.start) ?? 0 }));
}

export async function bookAppointment(
  trx: Trx,
  ctx: ServiceContext,
  _actor: Actor,
  hallId: string,
  input: { categoryId: string; date: string; slotStart: string; idNumber?: string; phone?: string },
): Promise<Outcome<AppointmentView>> {
  const hall = await loadHall(trx, hallId);
  const cat = await category(trx, hallId, input.categoryId);
  const now = ctx.clock.now();
  assertBookableDay(hall, input.date, now);
  const slot = cat.slots.find((s) => s.start === input.slotStart);
  if (!slot) throw notFound('SLOT_NOT_FOUND', `${cat.name}没有 ${input.slotStart} 开始的预约时段`);
  if (now > instantOf(input.date, parseHhMm(slot.start), hall.timeZone)) throw conflict('SLOT_PAST', '该时段已开始，请选择之后的时段');
  if (((await bookedCounts(trx, hallId, cat.id, input.date)).get(slot.start) ?? 0) >= slot.capacity) {
    throw conflict('SLOT_FULL', '该时段已约满，请选择其他时段');
  }
  let idHash: string | null = null;
  assertPhone(input.phone);
  if (input.idNumber !== undefined) {
    if (!isValidIdNumber(input.idNumber)) throw invalid('INVALID_ID_NUMBER', '身份证号码校验不通过');
    idHash = hashIdNumber(ctx, input.idNumber);
    const dup = await trx.selectFrom('appointments').select(['code', 'slot_start']).where('id_hash', '=', idHash).where('category_id', '=', cat.id).where('day', '=', input.date).where('status', 'in', ACTIVE).executeTakeFirst();
    if (dup) throw conflict('ALREADY_BOOKED', `您已预约该业务当天 ${dup.slot_start} 的时段`, { slotStart: dup.slot_start });
  }
  let code = '';
  for (let tries = 0; !code; tries++) {
    const c = Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    const taken = await trx.selectFrom('appointments').select('id').where('hall_id', '=', hallId).where('code', '=', c).executeTakeFirst();
    if (!taken) code = c;
    else if (tries > 20) throw new Error('could not draw a free appointment code');
  }
  const row: AppointmentRow = {
    id: crypto.randomUUID(), hall_id: hallId, category_id: cat.id, day: input.date, slot_start: slot.start, slot_end: slot.end, code,
    id_hash: idHash, id_last4: input.idNumber ? lastFour(input.idNumber) : null, phone_last4: input.phone ? input.phone.slice(-4) : null,
    status: 'booked', ticket_id: null, created_at: now, checked_in_at: null,
  };
  await trx.insertInto('appointments').values(row).execute();
  return outcome(view(row, cat.name, hall, now));
}

function view(a: AppointmentRow, categoryName: string, hall: HallInfo, now: number): AppointmentView {
  const missed = a.status === 'booked' && checkInState(now, a.day, { start: a.slot_start }, hall.timeZone, hall.rules) === 'missed';
  return {
    id: a.id, code: a.code, categoryId: a.category_id, categoryName, date: a.day, slotStart: a.slot_start, slotEnd: a.slot_end,
    status: missed ? 'no_show' : a.status, ticketId: a.ticket_id,
  };
}

async function findByCode(db: Queryable, hallId: string, code: string): Promise<AppointmentRow> {
  const a = await db.selectFrom('appointments').selectAll().where('hall_id', '=', hallId).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  if (!a) throw notFound('APPOINTMENT_NOT_FOUND', '没有找到这个预约码');
  return a;
}

export async function getAppointment(db: Queryable, ctx: ServiceContext, hallId: string, code: string): Promise<AppointmentView> {
  const hall = await loadHall(db, hallId);
  const a = await findByCode(db, hallId, code);
  const cat = await category(db, hallId, a.category_id);
  return view(a, cat.name, hall, ctx.clock.now());
}

export async function cancelAppointment(trx: Trx, ctx: ServiceContext, hallId: string, code: string): Promise<Outcome<AppointmentView>> {
  const hall = await loadHall(trx, hallId);
  const a = await findByCode(trx, hallId, code);
  if (a.status !== 'booked') throw conflict('INVALID_STATE', `预约已${a.status === 'checked_in' ? '签到' : '取消'}，不能取消`);
  await trx.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', a.id).where('status', '=', 'booked').execute();
  const cat = await category(trx, hallId, a.category_id);
  return outcome(view({ ...a, status: 'cancelled' }, cat.name, hall, ctx.clock.now()));
}

/** 签到 at the kiosk: the booking that a ticket with `appointmentCode` stands for, checked. */
export async function appointmentForCheckIn(trx: Trx, hall: HallInfo, code: string, categoryId: string, now: number, revealTicketId = false) {
  const a = await findByCode(trx, hall.id, code);
  // The ticket's id lets a kiosk show and reprint it; an anonymous caller is told only that it happened.
  if (a.status === 'checked_in') throw conflict('ALREADY_CHECKED_IN', '该预约已签到', revealTicketId ? { ticketId: a.ticket_id } : {});
  if (a.status !== 'booked') throw conflict('APPOINTMENT_CANCELLED', '该预约已取消');
  if (a.day !== serviceDay(now, hall.timeZone)) throw conflict('APPOINTMENT_NOT_TODAY', `预约日期为 ${a.day}，请当天签到`);
  if (a.category_id !== categoryId) throw conflict('APPOINTMENT_OTHER_CATEGORY', '预约的业务与所选业务不一致');
  assertCanCheckIn(checkInState(now, a.day, { start: a.slot_start }, hall.timeZone, hall.rules), a.slot_start, hall.rules);
  return { appointment: a, slotStartMs: instantOf(a.day, parseHhMm(a.slot_start), hall.timeZone) };
}

export async function markCheckedIn(trx: Trx, appointmentId: string, ticketId: string, now: number): Promise<void> {
  await trx.updateTable('appointments').set({ status: 'checked_in', ticket_id: ticketId, checked_in_at: now }).where('id', '=', appointmentId).where('status', '=', 'booked').execute();
}
