import crypto from 'node:crypto';
import type { Trx } from '../db/index.ts';
import { evenSlots, type AppointmentSlot } from '../domain/appointment.ts';
import { conflict, forbidden, invalid, notFound } from '../domain/errors.ts';
import { hallCodeFor } from '../domain/hall-code.ts';
import { hallFitsRegion, hallLevelOf, type HallLevel } from '../domain/regions.ts';
import type { IssuingPeriod } from '../domain/issuing.ts';
import { DEFAULT_RULES, parseRules, type HallRules } from '../domain/rules.ts';
import { parseHhMm } from '../domain/time.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { audit, loadWindow, windowEvent, windowView, type WindowView } from './window-view.ts';

/**
 * Setting up a hall: the hall itself, its categories (prefix, quotas, 上午/下午 issuing periods,
 * appointment slots), its windows and the categories each serves in order of preference, its rules.
 */

const newId = (p: string) => `${p}_${crypto.randomBytes(6).toString('base64url')}`;

function assertPeriods(periods: IssuingPeriod[]): void {
  let last = -1;
  for (const p of periods) {
    const [a, b] = [parseHhMmOr400(p.start), parseHhMmOr400(p.end)];
    if (a >= b || a < last) throw invalid('BAD_PERIODS', '取号时段须按时间先后排列，且开始早于结束、互不重叠');
    last = b;
  }
}

function assertSlots(slots: AppointmentSlot[]): void {
  assertPeriods(slots.map((s) => ({ name: '', start: s.start, end: s.end })));
}

function parseHhMmOr400(s: string): number {
  try {
    return parseHhMm(s);
  } catch {
    throw invalid('BAD_TIME', `时间格式应为 HH:MM：${s}`);
  }
}

export async function createHall(trx: Trx, ctx: ServiceContext, actor: Actor, input: { id?: string; name: string; timeZone?: string; regionId?: string; level?: HallLevel }) {
  const id = input.id ?? newId('hall');
  if (await trx.selectFrom('halls').select('id').where('id', '=', id).executeTakeFirst()) throw conflict('HALL_EXISTS', `大厅 ${id} 已存在`);
  const timeZone = input.timeZone ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw invalid('BAD_TIME_ZONE', `未知时区：${timeZone}`);
  }
  // Hall staff create no halls; a region's admin creates them in the region (the scope hook checked it).
  if (actor.hallId || (!input.regionId && actor.regionId)) throw forbidden('SYSTEM_ADMIN_ONLY', '只有系统管理员或区域管理员可以新建大厅');
  let level: HallLevel = input.level ?? 'county';
  if (input.regionId) {
    const region = await trx.selectFrom('regions').select(['id', 'level']).where('id', '=', input.regionId).executeTakeFirst();
    if (!region) throw notFound('REGION_NOT_FOUND', `没有这个区域：${input.regionId}`);
    level = input.level ?? hallLevelOf(region.level);
    if (!hallFitsRegion(level, region.level)) throw invalid('BAD_HALL_LEVEL', `${level} 级的大厅不能设在 ${region.level} 级区域`);
  }
  const codes = new Set((await trx.selectFrom('halls').select('code').execute()).map((h) => h.code));
  const code = hallCodeFor(id, (c) => codes.has(c));
  await trx
    .insertInto('halls')
    .values({ id, name: input.name, time_zone: timeZone, rules: JSON.stringify(DEFAULT_RULES), print_settings: '{}', event_seq: 0, created_at: ctx.clock.now(), region_id: input.regionId ?? null, level, code })
    .execute();
  await audit(trx, actor, id, 'hall.create', id, { name: input.name, regionId: input.regionId ?? null, level }, ctx.clock.now());
  return outcome({ id, name: input.name, regionId: input.regionId ?? null, level, code });
}

export async function setRules(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, patch: Partial<HallRules>): Promise<Outcome<HallRules>> {
  const h = await trx.selectFrom('halls').select(['id', 'rules']).where('id', '=', hallId).executeTakeFirst();
  if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  if (patch.hallHours) assertPeriods(patch.hallHours.map((p) => ({ name: '', start: p.start, end: p.end })));
  if (patch.pauseLimits && new Set(patch.pauseLimits.map((p) => p.reason)).size !== patch.pauseLimits.length) throw invalid('DUPLICATE_PAUSE_REASON', '同一暂停原因不能重复');
  const rules = { ...parseRules(h.rules), ...patch };
  await trx.updateTable('halls').set({ rules: JSON.stringify(rules) }).where('id', '=', hallId).execute();
  await audit(trx, actor, hallId, 'hall.rules', hallId, { ...patch }, ctx.clock.now());
  return outcome(rules);
}

/** A name in 繁體 / English; null or empty clears it (the page falls back to the Chinese name). */
export interface NamesInput {
  nameZhTw?: string | null;
  nameEn?: string | null;
}
const namesPatch = (input: NamesInput) => ({
  ...(input.nameZhTw !== undefined ? { name_zh_tw: input.nameZhTw?.trim() || null } : {}),
  ...(input.nameEn !== undefined ? { name_en: input.nameEn?.trim() || null } : {}),
});

export interface CategoryInput extends NamesInput {
  prefix?: string;
  name?: string;
  dailyQuota?: number | null;
  periods?: IssuingPeriod[];
  avgServiceMinutes?: number;
  /** Explicit slots, or generated ones. */
  appointmentSlots?: AppointmentSlot[] | { from: string; to: string; minutes: number; capacity: number };
  active?: boolean;
}

function slotsOf(input: CategoryInput['appointmentSlots']): AppointmentSlot[] | undefined {
  if (input === undefined) return undefined;
  const slots = Array.isArray(input) ? input : evenSlots(input.from, input.to, input.minutes, input.capacity);
  assertSlots(slots);
  return slots;
}

export async function saveCategory(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, categoryId: string | null, input: CategoryInput) {
  const hall = await trx.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  if (input.periods) assertPeriods(input.periods);
  const slots = slotsOf(input.appointmentSlots);
  if (input.prefix !== undefined) {
    const taken = await trx.selectFrom('categories').select('id').where('hall_id', '=', hallId).where('prefix', '=', input.prefix).executeTakeFirst();
    if (taken && taken.id !== categoryId) throw conflict('PREFIX_TAKEN', `号码前缀 ${input.prefix} 已被其他业务使用`);
  }
  const values = {
    ...(input.prefix !== undefined ? { prefix: input.prefix } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...namesPatch(input),
    ...(input.dailyQuota !== undefined ? { daily_quota: input.dailyQuota } : {}),
    ...(input.periods !== undefined ? { periods: JSON.stringify(input.periods) } : {}),
    ...(input.avgServiceMinutes !== undefined ? { avg_service_minutes: input.avgServiceMinutes } : {}),
    ...(slots !== undefined ? { appointment_slots: JSON.stringify(slots) } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  let id = categoryId;
  if (id === null) {
    if (!input.prefix || !input.name) throw invalid('PREFIX_AND_NAME_REQUIRED', '新业务须有号码前缀和名称');
    id = newId('cat');
    const order = await trx.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).where('hall_id', '=', hallId).executeTakeFirstOrThrow();
    await trx
      .insertInto('categories')
      .values({ id, hall_id: hallId, department_id: null, prefix: input.prefix, name: input.name, daily_quota: null, periods: '[]', avg_service_minutes: 8, sort_order: Number(order.n), active: 1, ...values })
      .execute();
  } else {
    const c = await trx.selectFrom('categories').select('hall_id').where('id', '=', id).executeTakeFirst();
    if (!c || c.hall_id !== hallId) throw notFound('CATEGORY_NOT_FOUND', '没有这个业务类别');
    if (Object.keys(values).length) await trx.updateTable('categories').set(values).where('id', '=', id).execute();
  }
  await audit(trx, actor, hallId, categoryId ? 'category.update' : 'category.create', id, { ...input }, ctx.clock.now());
  return outcome({ id });
}

export interface WindowInput {
  no?: number;
  name?: string;
  kind?: string;
  /** In order of preference. */
  categoryIds?: string[];
  aClerkId?: string | null;
  bClerkId?: string | null;
}

export async function saveWindow(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, windowId: string | null, input: WindowInput): Promise<Outcome<WindowView>> {
  const hall = await trx.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  if (input.no !== undefined) {
    const taken = await trx.selectFrom('windows').select('id').where('hall_id', '=', hallId).where('no', '=', input.no).executeTakeFirst();
    if (taken && taken.id !== windowId) throw conflict('WINDOW_NO_TAKEN', `${input.no}号窗口已存在`);
  }
  if (input.categoryIds) {
    if (new Set(input.categoryIds).size !== input.categoryIds.length) throw invalid('DUPLICATE_CATEGORY', '同一业务不能重复');
    const found = await trx.selectFrom('categories').select('id').where('hall_id', '=', hallId).where('id', 'in', input.categoryIds.length ? input.categoryIds : ['']).execute();
    if (found.length !== input.categoryIds.length) throw notFound('CATEGORY_NOT_FOUND', '有业务类别不属于本大厅');
  }
  for (const clerk of [input.aClerkId, input.bClerkId]) {
    if (clerk) {
      const s = await trx.selectFrom('staff').select('hall_id').where('id', '=', clerk).executeTakeFirst();
      if (!s || s.hall_id !== hallId) throw notFound('STAFF_NOT_FOUND', '没有这个工作人员');
    }
  }
  const values = {
    ...(input.no !== undefined ? { no: input.no } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.aClerkId !== undefined ? { a_clerk_id: input.aClerkId } : {}),
    ...(input.bClerkId !== undefined ? { b_clerk_id: input.bClerkId } : {}),
  };
  let id = windowId;
  if (id === null) {
    if (input.no === undefined || !input.name || !input.kind) throw invalid('WINDOW_FIELDS_REQUIRED', '新窗口须有编号、名称和类型');
    id = newId('win');
    await trx
      .insertInto('windows')
      .values({ id, hall_id: hallId, no: input.no, name: input.name, kind: input.kind, status: 'closed', pause_reason: null, clerk_id: null, a_clerk_id: null, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: ctx.clock.now(), ...values })
      .execute();
  } else {
    const w = await trx.selectFrom('windows').select('hall_id').where('id', '=', id).executeTakeFirst();
    if (!w || w.hall_id !== hallId) throw notFound('WINDOW_NOT_FOUND', '没有这个窗口');
    if (Object.keys(values).length) await trx.updateTable('windows').set(values).where('id', '=', id).execute();
  }
  if (input.categoryIds) {
    await trx.deleteFrom('window_categories').where('window_id', '=', id).execute();
    for (const [i, c] of input.categoryIds.entries()) await trx.insertInto('window_categories').values({ window_id: id, category_id: c, rank: i + 1 }).execute();
  }
  await audit(trx, actor, hallId, windowId ? 'window.update' : 'window.create', id, { ...input }, ctx.clock.now());
  const view = await windowView(trx, await loadWindow(trx, id));
  return outcome(view, [windowEvent(view)]);
}

export interface MatterInput extends NamesInput {
  categoryId?: string;
  name?: string;
  /** 一次性告知: everything to bring. */
  materials?: string[];
  promisedDays?: number;
}

export async function saveMatter(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, matterId: string | null, input: MatterInput) {
  if (input.categoryId !== undefined) {
    const c = await trx.selectFrom('categories').select('hall_id').where('id', '=', input.categoryId).executeTakeFirst();
    if (!c || c.hall_id !== hallId) throw notFound('CATEGORY_NOT_FOUND', '没有这个业务类别');
  }
  const values = {
    ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...namesPatch(input),
    ...(input.materials !== undefined ? { materials: JSON.stringify(input.materials) } : {}),
    ...(input.promisedDays !== undefined ? { promised_days: input.promisedDays } : {}),
  };
  let id = matterId;
  if (id === null) {
    if (!input.categoryId || !input.name || input.promisedDays === undefined) throw invalid('MATTER_FIELDS_REQUIRED', '新事项须有业务类别、名称和承诺办结时限');
    id = newId('mat');
    await trx.insertInto('matters').values({ id, hall_id: hallId, category_id: input.categoryId, name: input.name, materials: '[]', promised_days: input.promisedDays, sort_order: 0, ...values }).execute();
  } else {
    const m = await trx.selectFrom('matters').select('hall_id').where('id', '=', id).executeTakeFirst();
    if (!m || m.hall_id !== hallId) throw notFound('MATTER_NOT_FOUND', '没有这个事项');
    if (Object.keys(values).length) await trx.updateTable('matters').set(values).where('id', '=', id).execute();
  }
  await audit(trx, actor, hallId, matterId ? 'matter.update' : 'matter.create', id, { ...input }, ctx.clock.now());
  return outcome({ id });
}
