import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';
import type { ProxyCaseTable } from '../db/schema/region.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { proxyNumber, caseNumber } from '../domain/hall-code.ts';
import { assertPhone, isValidIdNumber, lastFour, maskName } from '../domain/id-number.ts';
import { canDo, dueAfter, HAND_OVER_WORKING_DAYS, isLate, type ProxyAction } from '../domain/proxy.ts';
import { HALL_LEVELS } from '../domain/regions.ts';
import { isoInZone, serviceDay } from '../domain/time.ts';
import { hallWorkCalendar, parseOwnDays } from '../domain/national-calendar.ts';
import { addWorkingDays, type WorkCalendar } from '../domain/working-days.ts';
import { pickupCode, sameCode } from './cases.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { hashIdNumber } from './identity.ts';
import { hallCode, nextHallSeq } from './numbering.ts';
import { regionPath } from './scope.ts';
import { offeredMatter } from './sinking.ts';
import { audit } from './window-view.ts';

/** 三级代办: the ledger of a citizen's matter carried village -> town -> county and back, hand by hand. */

type Row = Selectable<ProxyCaseTable>;

export interface ProxyStepView { action: string; hallId: string; at: string; by: string | null; dueAt: string | null; late: boolean }
export interface ProxyCaseView {
  id: string; proxyNo: string; status: string; hallId: string; hallName: string; originHallId: string; matterId: string; matterName: string; applicantName: string;
  materials: string[]; missing: string[]; caseNo: string | null; promisedDate: string | null; dueAt: string | null; overdue: boolean; steps: ProxyStepView[];
  /** The slip's follow code, for staff printing or reprinting the slip. */
  followCode: string | null;
}

async function hallOf(db: Queryable, id: string) {
  const h = await db.selectFrom('halls').select(['id', 'level', 'region_id', 'time_zone', 'calendar']).where('id', '=', id).executeTakeFirstOrThrow();
  return { ...h, calendar: hallWorkCalendar(parseOwnDays(h.calendar)) };
}

/** The hall one level up: the first hall of a higher level in the regions above (a village's town, a town's county). */
export async function parentHall(db: Queryable, hallId: string): Promise<string | null> {
  const hall = await hallOf(db, hallId);
  const rank = HALL_LEVELS.indexOf(hall.level as never);
  for (const regionId of await regionPath(db, hall.region_id)) {
    const up = await db.selectFrom('halls').select(['id', 'level']).where('region_id', '=', regionId).where('id', '!=', hallId).orderBy('created_at').execute();
    const found = up.find((h) => HALL_LEVELS.indexOf(h.level as never) < rank);
    if (found) return found.id;
  }
  return null;
}

async function addStep(trx: Trx, pc: Row, action: ProxyAction, hallId: string, actor: Actor, at: number, dueAt: number | null) {
  const last = await trx.selectFrom('proxy_steps').select((eb) => eb.fn.max('seq').as('seq')).where('proxy_case_id', '=', pc.id).executeTakeFirst();
  await trx
    .insertInto('proxy_steps')
    .values({ id: crypto.randomUUID(), proxy_case_id: pc.id, seq: Number(last?.seq ?? 0) + 1, action, hall_id: hallId, at, by_staff_id: actor.staffId ?? null, due_at: dueAt, late: isLate(at, dueAt) ? 1 : 0 })
    .execute();
}

export async function recordProxyCase(
  trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string,
  input: { matterId: string; applicantName: string; phone?: string; idNumber?: string; materials: string[]; consent?: boolean },
): Promise<Outcome<ProxyCaseView>> {
  const hall = await hallOf(trx, hallId);
  const matter = await offeredMatter(trx, hallId, input.matterId);
  if (!matter) throw notFound('MATTER_NOT_FOUND', '本站不办理这个事项');
  if (input.consent === false) throw invalid('CONSENT_REQUIRED', '须经申请人同意方可代办');
  if (input.idNumber !== undefined && !isValidIdNumber(input.idNumber)) throw invalid('INVALID_ID_NUMBER', '身份证号码校验不通过');
  assertPhone(input.phone);
  const now = ctx.clock.now();
  const today = serviceDay(now, hall.time_zone);
  const seq = await nextHallSeq(trx, hallId, '__proxy__', today);
  const row: Row = {
    id: crypto.randomUUID(), proxy_no: proxyNumber(await hallCode(trx, hallId), today, seq), origin_hall_id: hallId, hall_id: hallId, matter_id: matter.id,
    applicant_name: maskName(input.applicantName), phone_last4: input.phone ? input.phone.slice(-4) : null,
    id_hash: input.idNumber ? hashIdNumber(ctx, input.idNumber) : null, id_last4: input.idNumber ? lastFour(input.idNumber) : null,
    materials: JSON.stringify(input.materials.map((m) => m.trim()).filter(Boolean)), status: 'received', case_no: null, promised_date: null, follow_code: pickupCode(),
    due_at: dueAfter(today, HAND_OVER_WORKING_DAYS, hall.calendar, hall.time_zone), created_at: now, updated_at: now,
  };
  await trx.insertInto('proxy_cases').values(row).execute();
  await addStep(trx, row, 'record', hallId, actor, now, null);
  await audit(trx, actor, hallId, 'proxy.record', row.id, { proxyNo: row.proxy_no, matterId: matter.id }, now);
  return outcome(await proxyCaseView(trx, ctx, row));
}

async function load(trx: Queryable, id: string): Promise<Row> {
  const pc = await trx.selectFrom('proxy_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!pc) throw notFound('PROXY_CASE_NOT_FOUND', '没有这个代办件');
  return pc;
}

/** The hall one step back down the way it came up (each forward step records the hall it left). */
async function hallBelow(trx: Queryable, pc: Row): Promise<string | null> {
  const ups = (await trx.selectFrom('proxy_steps').select('hall_id').where('proxy_case_id', '=', pc.id).where('action', '=', 'forward').orderBy('seq').execute()).map((s) => s.hall_id);
  const at = ups.indexOf(pc.hall_id);
  if (at === -1) return ups.at(-1) ?? null;
  return at === 0 ? null : ups[at - 1];
}

export async function actOnProxyCase(trx: Trx, ctx: ServiceContext, actor: Actor, id: string, action: 'forward' | 'accept' | 'return' | 'deliver'): Promise<Outcome<ProxyCaseView>> {
  const pc = await load(trx, id);
  if (!canDo(action, pc.status)) throw conflict('INVALID_STATE', `代办件状态为 ${pc.status}，不能 ${action}`, { status: pc.status });
  const hall = await hallOf(trx, pc.hall_id);
  const now = ctx.clock.now();
  const today = serviceDay(now, hall.time_zone);
  const handDue = (h: { calendar: WorkCalendar; time_zone: string }) => dueAfter(today, HAND_OVER_WORKING_DAYS, h.calendar, h.time_zone);
  let patch: Partial<Row>;
  if (action === 'forward') {
    const up = await parentHall(trx, pc.hall_id);
    if (!up) throw conflict('NO_PARENT_HALL', '上级没有可以接收的大厅');
    patch = { hall_id: up, status: 'forwarded', due_at: handDue(await hallOf(trx, up)) };
  } else if (action === 'accept') {
    if (hall.level !== 'county') throw conflict('NOT_A_COUNTY_HALL', '代办件须在县级中心受理，请继续上报');
    const matter = await offeredMatter(trx, hall.id, pc.matter_id);
    if (!matter) throw notFound('MATTER_NOT_FOUND', '本中心不办理这个事项');
    // The case is recorded at the 帮办代办 (assist) window if the hall has one: 'assist' sorts first among the kinds.
    const win = await trx.selectFrom('windows').select('id').where('hall_id', '=', hall.id).orderBy('kind', 'asc').orderBy('no').executeTakeFirst();
    if (!win) throw conflict('NO_WINDOW', '本中心没有窗口可以受理');
    const seq = await nextHallSeq(trx, hall.id, '__case__', today);
    const promised = addWorkingDays(today, matter.promised_days, hall.calendar);
    const caseNo = caseNumber(await hallCode(trx, hall.id), today, seq);
    await trx
      .insertInto('cases')
      .values({
        id: crypto.randomUUID(), case_no: caseNo, hall_id: hall.id, matter_id: matter.id, ticket_id: null, window_id: win.id, clerk_id: actor.staffId ?? null,
        applicant_name: pc.applicant_name, id_hash: pc.id_hash, id_last4: pc.id_last4, missing: '[]', missing_deadline: null, status: 'accepted',
        accepted_at: now, promised_date: promised, pickup_code: pickupCode(), updated_at: now,
      })
      .execute();
    patch = { status: 'accepted', case_no: caseNo, promised_date: promised, due_at: dueAfter(promised, 0, hall.calendar, hall.time_zone) };
  } else if (action === 'return') {
    const down = await hallBelow(trx, pc);
    if (!down) throw conflict('AT_ORIGIN', '代办件已在受理地，请直接送达');
    if (pc.status === 'accepted' && pc.case_no) {
      const c = await trx.selectFrom('cases').select('status').where('case_no', '=', pc.case_no).executeTakeFirstOrThrow();
      if (c.status !== 'decided' && c.status !== 'collected') throw conflict('CASE_NOT_DECIDED', '办件尚未办结，结果不能下送');
    }
    patch = { hall_id: down, status: 'returned', due_at: handDue(await hallOf(trx, down)) };
  } else {
    if (pc.hall_id !== pc.origin_hall_id) throw conflict('NOT_AT_ORIGIN', '结果须先送回受理的代办点');
    patch = { status: 'delivered', due_at: null };
  }
  await addStep(trx, pc, action, pc.hall_id, actor, now, pc.due_at === null ? null : Number(pc.due_at));
  await trx.updateTable('proxy_cases').set({ ...patch, updated_at: now }).where('id', '=', pc.id).where('status', '=', pc.status).execute();
  await audit(trx, actor, pc.hall_id, `proxy.${action}`, pc.id, { proxyNo: pc.proxy_no, to: patch.hall_id ?? pc.hall_id }, now);
  return outcome(await proxyCaseView(trx, ctx, { ...pc, ...patch, updated_at: now }));
}

export async function proxyCaseView(db: Queryable, ctx: ServiceContext, pc: Row): Promise<ProxyCaseView> {
  const hall = await hallOf(db, pc.origin_hall_id);
  const iso = (ms: number | null) => (ms === null ? null : isoInZone(Number(ms), hall.time_zone));
  const matter = await db.selectFrom('matters').select(['name', 'materials']).where('id', '=', pc.matter_id).executeTakeFirstOrThrow();
  const materials = JSON.parse(pc.materials) as string[];
  const holder = await db.selectFrom('halls').select('name').where('id', '=', pc.hall_id).executeTakeFirstOrThrow();
  const steps = await db.selectFrom('proxy_steps').selectAll().where('proxy_case_id', '=', pc.id).orderBy('seq').execute();
  const names = new Map((await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', [...new Set(steps.map((s) => s.by_staff_id ?? ''))]).execute()).map((s) => [s.id, s.name]));
  return {
    id: pc.id, proxyNo: pc.proxy_no, status: pc.status, hallId: pc.hall_id, hallName: holder.name, originHallId: pc.origin_hall_id, matterId: pc.matter_id, matterName: matter.name,
    applicantName: pc.applicant_name, materials, missing: (JSON.parse(matter.materials) as string[]).filter((m) => !materials.includes(m)),
    caseNo: pc.case_no, promisedDate: pc.promised_date, dueAt: iso(pc.due_at), overdue: isLate(ctx.clock.now(), pc.due_at === null ? null : Number(pc.due_at)),
    steps: steps.map((s) => ({ action: s.action, hallId: s.hall_id, at: iso(Number(s.at))!, by: s.by_staff_id ? (names.get(s.by_staff_id) ?? null) : null, dueAt: iso(s.due_at), late: s.late === 1 })),
    followCode: pc.follow_code,
  };
}

export async function getProxyCase(db: Queryable, ctx: ServiceContext, id: string) {
  return proxyCaseView(db, ctx, await load(db, id));
}

/** A hall's ledger: what it holds now and what began there, overdue ones first. */
export async function listProxyCases(db: Queryable, ctx: ServiceContext, hallId: string, opts: { overdue?: boolean }) {
  const rows = await db.selectFrom('proxy_cases').selectAll().where((eb) => eb.or([eb('hall_id', '=', hallId), eb('origin_hall_id', '=', hallId)])).orderBy('created_at', 'desc').limit(500).execute();
  const views = await Promise.all(rows.map((r) => proxyCaseView(db, ctx, r)));
  const shown = opts.overdue ? views.filter((v) => v.overdue) : views;
  return shown.sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

/** What the citizen's slip QR shows: where the matter is, by whose hall, and the case once accepted; no staff names. */
export async function followProxyCase(db: Queryable, ctx: ServiceContext, proxyNo: string, code: string | undefined) {
  const pc = await db.selectFrom('proxy_cases').selectAll().where('proxy_no', '=', proxyNo).executeTakeFirst();
  // A wrong code answers as an unknown number: the sequential numbers reveal nothing one by one.
  if (!pc || pc.follow_code === null || !sameCode(pc.follow_code, code)) throw notFound('PROXY_CASE_NOT_FOUND', '没有这个代办件');
  const v = await proxyCaseView(db, ctx, pc);
  const names = new Map((await db.selectFrom('halls').select(['id', 'name']).execute()).map((h) => [h.id, h.name]));
  return {
    proxyNo: v.proxyNo, status: v.status, matterName: v.matterName, hallName: v.hallName, dueAt: v.dueAt, caseNo: v.caseNo, promisedDate: v.promisedDate, missing: v.missing,
    steps: v.steps.map((st) => ({ action: st.action, hallName: names.get(st.hallId) ?? st.hallId, at: st.at })),
  };
}
