import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';
import type { CaseTable } from '../db/schema/case.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isValidIdNumber, lastFour, maskIdNumber, maskName } from '../domain/id-number.ts';
import { instantOf, serviceDay, isoInZone } from '../domain/time.ts';
import { caseNumber } from '../domain/hall-code.ts';
import { hallWorkCalendar, parseOwnDays } from '../domain/national-calendar.ts';
import { addWorkingDays, isOverdue, workingDayOnOrAfter } from '../domain/working-days.ts';
import { renderPickupSlip, type PickupSlipPrintData } from '../../printers/templates/pickup-slip.ts';
import type { AcceptCaseBody, Case } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { DomainEvent, Outcome } from './events.ts';
import { hallPrintSettings, insertJob, jobPrinterUri } from './printing.ts';
import { hashIdNumber } from './identity.ts';
import { offeredMatter } from './sinking.ts';
import { nextHallSeq } from './numbering.ts';
import { assertWindowOperator, audit, loadWindow } from './window-view.ts';
import { loadBundle } from './bundles.ts';
import { queueWebhook } from './webhooks.ts';

/** 受理: a clerk accepts a matter at a window; the law requires the dated pickup slip it prints. */

export const CASE_STATUSES = ['accepted', 'in_review', 'decided', 'collected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
type CaseRow = Selectable<CaseTable>;

export type AcceptInput = AcceptCaseBody;

export type CaseView = Case;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed at a kiosk
export const pickupCode = () => Array.from(crypto.randomBytes(8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

async function hallOf(db: Queryable, hallId: string) {
  const h = await db.selectFrom('halls').select(['id', 'time_zone', 'calendar', 'code']).where('id', '=', hallId).executeTakeFirstOrThrow();
  return { id: h.id, code: h.code ?? h.id.toUpperCase(), timeZone: h.time_zone, calendar: hallWorkCalendar(parseOwnDays(h.calendar)) };
}

export async function acceptCase(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, input: AcceptInput): Promise<Outcome<CaseView>> {
  const win = await loadWindow(trx, windowId);
  assertWindowOperator(win, actor);
  if (win.status !== 'open') throw conflict('WINDOW_NOT_OPEN', `${win.no}号窗口未开放`);
  const hall = await hallOf(trx, win.hall_id);
  const ticket = win.current_ticket_id ? await trx.selectFrom('tickets').select(['serving_at', 'called_at', 'bundle_id']).where('id', '=', win.current_ticket_id).executeTakeFirst() : undefined;
  // 一件事: named, or the bundle the citizen took the ticket for when no single matter is named.
  const bundleId = input.bundleId ?? (input.matterId === undefined ? ticket?.bundle_id ?? undefined : undefined);
  if (bundleId !== undefined && input.matterId !== undefined) throw invalid('BUNDLE_OR_MATTER', '一件事受理不再指定单个事项');
  const bundle = bundleId !== undefined ? await loadBundle(trx, hall.id, bundleId) : null;
  if (!bundle && input.matterId === undefined) throw invalid('MATTER_REQUIRED', '请选择受理的事项或“一件事”');
  const matter = bundle ? { id: bundle.matters[0].id, promised_days: Math.max(...bundle.matters.map((m) => m.promisedDays)) } : await offeredMatter(trx, hall.id, input.matterId!);
  if (!matter) throw notFound('MATTER_NOT_FOUND', '本大厅没有这个事项');
  if (input.idNumber !== undefined && !isValidIdNumber(input.idNumber)) throw invalid('INVALID_ID_NUMBER', '身份证号码校验不通过');
  const now = ctx.clock.now();
  const today = serviceDay(now, hall.timeZone);
  const missing = (input.missing ?? []).map((m) => m.trim()).filter(Boolean);
  let deadline: string | null = null;
  if (missing.length > 0) {
    // 容缺受理: the promise to bring the missing items is due on a working day, the hall's too.
    deadline = workingDayOnOrAfter(input.missingDeadline ?? addWorkingDays(today, 5, hall.calendar), hall.calendar);
    if (deadline < today) throw invalid('BAD_DEADLINE', '补齐材料的期限不能早于今天');
  }

  const seq = await nextHallSeq(trx, hall.id, '__case__', today);
  const row: CaseRow = {
    id: crypto.randomUUID(),
    case_no: caseNumber(hall.code, today, seq),
    hall_id: hall.id,
    matter_id: matter.id,
    ticket_id: win.current_ticket_id,
    window_id: win.id,
    clerk_id: actor.staffId ?? null,
    applicant_name: input.applicantName ? maskName(input.applicantName) : '',
    id_hash: input.idNumber ? hashIdNumber(ctx, input.idNumber) : null,
    id_last4: input.idNumber ? lastFour(input.idNumber) : null,
    missing: JSON.stringify(missing),
    missing_deadline: deadline,
    status: 'accepted',
    accepted_at: now,
    promised_date: addWorkingDays(today, matter.promised_days, hall.calendar),
    pickup_code: pickupCode(),
    updated_at: now,
    // 接件: when the clerk began with the citizen (the ticket's serving, else calling, time), else now.
    received_at: Number(ticket?.serving_at ?? ticket?.called_at ?? now),
    in_review_at: null,
    decided_at: null,
    collected_at: null,
    bundle_id: bundle?.row.id ?? null,
  };
  await trx.insertInto('cases').values(row).execute();
  // One case, one slip, one pickup; each matter is a part with its own department and promise.
  for (const [i, m] of (bundle?.matters ?? []).entries()) {
    await trx.insertInto('case_parts').values({ case_id: row.id, seq: i + 1, matter_id: m.id, department: m.department, promised_date: addWorkingDays(today, m.promisedDays, hall.calendar) }).execute();
  }
  await audit(trx, actor, hall.id, 'case.accept', row.id, { caseNo: row.case_no, matterId: matter.id, bundleId: row.bundle_id, windowId: win.id, missing: missing.length }, now);
  const job = await queueSlipPrint(trx, ctx, row);
  return { result: { ...(await caseView(trx, ctx, row)), printJobId: job.id }, events: [job.event] };
}

export async function caseView(db: Queryable, ctx: ServiceContext, c: CaseRow): Promise<CaseView> {
  const hall = await hallOf(db, c.hall_id);
  const matter = await db.selectFrom('matters').select('name').where('id', '=', c.matter_id).executeTakeFirstOrThrow();
  return {
    id: c.id,
    caseNo: c.case_no,
    matterId: c.matter_id,
    matterName: matter.name,
    status: c.status,
    acceptedAt: isoInZone(Number(c.accepted_at), hall.timeZone),
    promisedDate: c.promised_date,
    overdue: isOverdue(c.promised_date, serviceDay(ctx.clock.now(), hall.timeZone), c.status === 'decided' || c.status === 'collected'),
    pickupCode: c.pickup_code,
    missing: JSON.parse(c.missing) as string[],
    missingDeadline: c.missing_deadline,
    stages: stagesOf(c, hall.timeZone),
    ...(await bundlePartsOf(db, c)),
  };
}

const STAGE_COLUMN = { in_review: 'in_review_at', decided: 'decided_at', collected: 'collected_at' } as const;

/** 效能监察: the case's stage times in the hall's zone. */
function stagesOf(c: CaseRow, timeZone: string) {
  const at = (ms: number | null) => (ms == null ? null : isoInZone(Number(ms), timeZone));
  return { received: at(c.received_at ?? c.accepted_at), accepted: isoInZone(Number(c.accepted_at), timeZone), inReview: at(c.in_review_at), decided: at(c.decided_at), collected: at(c.collected_at) };
}

/** 一件事: the bundle's name and the case's parts, each matter with its department. */
export async function bundlePartsOf(db: Queryable, c: CaseRow) {
  if (!c.bundle_id) return {};
  const bundle = await db.selectFrom('bundles').select('name').where('id', '=', c.bundle_id).executeTakeFirst();
  const parts = await db
    .selectFrom('case_parts')
    .innerJoin('matters', 'matters.id', 'case_parts.matter_id')
    .select(['case_parts.matter_id', 'matters.name', 'case_parts.department', 'case_parts.promised_date'])
    .where('case_parts.case_id', '=', c.id)
    .orderBy('case_parts.seq')
    .execute();
  return {
    bundleId: c.bundle_id,
    bundleName: bundle?.name ?? '',
    parts: parts.map((p) => ({ matterId: p.matter_id, matterName: p.name, department: p.department, promisedDate: p.promised_date })),
  };
}

export async function findCase(db: Queryable, caseNo: string): Promise<CaseRow> {
  const c = await db.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  if (!c) throw notFound('CASE_NOT_FOUND', `没有这个办件：${caseNo}`);
  return c;
}

/**
 * 查询办件 for whoever holds the slip: the bare case number (sequential, guessable) is not enough,
 * the slip's pickup code (in its QR, printed below it) must come with it. Staff of the hall need
 * none. Any mismatch answers like an unknown number: the answer never tells that a case exists.
 */
export async function lookUpCase(db: Queryable, actor: Actor, caseNo: string, code: string | undefined): Promise<CaseRow> {
  const c = await db.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  const staff = !!c && !!actor.staffId && (!actor.hallId || actor.hallId === c.hall_id);
  if (!c || !(staff || sameCode(c.pickup_code, code))) throw notFound('CASE_NOT_FOUND', `没有这个办件：${caseNo}`);
  return c;
}

/** Constant-time, case-insensitive as typed at a kiosk. */
export function sameCode(kept: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 64) return false;
  const a = crypto.createHash('sha256').update(kept).digest();
  const b = crypto.createHash('sha256').update(given.trim().toUpperCase()).digest();
  return crypto.timingSafeEqual(a, b);
}

/** 受理 → 审核 → 办结 → 已取件, forward only. */
export async function setCaseStatus(trx: Trx, ctx: ServiceContext, actor: Actor, caseNo: string, status: CaseStatus): Promise<Outcome<CaseView>> {
  const c = await findCase(trx, caseNo);
  if (actor.hallId && actor.hallId !== c.hall_id) throw notFound('CASE_NOT_FOUND', `没有这个办件：${caseNo}`);
  if (CASE_STATUSES.indexOf(status) <= CASE_STATUSES.indexOf(c.status as CaseStatus)) {
    throw conflict('INVALID_STATE', `办件已是 ${c.status}，不能改为 ${status}`, { status: c.status });
  }
  const now = ctx.clock.now();
  // Every stage passed now gets its time, a skipped one (受理 straight to 办结) included.
  const stages: Partial<Record<(typeof STAGE_COLUMN)[keyof typeof STAGE_COLUMN], number>> = {};
  for (const s of CASE_STATUSES.slice(CASE_STATUSES.indexOf(c.status as CaseStatus) + 1, CASE_STATUSES.indexOf(status) + 1)) {
    if (s !== 'accepted' && c[STAGE_COLUMN[s]] == null) stages[STAGE_COLUMN[s]] = now;
  }
  await trx.updateTable('cases').set({ status, updated_at: now, ...stages }).where('id', '=', c.id).where('status', '=', c.status).execute();
  await audit(trx, actor, c.hall_id, 'case.status', c.id, { from: c.status, to: status }, now);
  const view = await caseView(trx, ctx, { ...c, status, updated_at: now, ...stages });
  // 办结: the result waits at the pickup window; the hall's gateway tells the applicant.
  const events = status === 'decided' ? await queueReadyToCollect(trx, ctx, c) : [];
  return { result: view, events };
}

export async function reprintSlip(trx: Trx, ctx: ServiceContext, actor: Actor, caseNo: string): Promise<Outcome<{ caseNo: string; jobId: string }>> {
  const c = await findCase(trx, caseNo);
  if (actor.hallId && actor.hallId !== c.hall_id) throw notFound('CASE_NOT_FOUND', `没有这个办件：${caseNo}`);
  const job = await queueSlipPrint(trx, ctx, c);
  await audit(trx, actor, c.hall_id, 'case.reprint', c.id, { caseNo }, ctx.clock.now());
  const events: DomainEvent[] = [job.event];
  return { result: { caseNo, jobId: job.id }, events };
}

/** The pickup slip prints on the accepting window's printer. */
async function queueSlipPrint(trx: Trx, ctx: ServiceContext, c: CaseRow) {
  const win = await trx.selectFrom('windows').selectAll().where('id', '=', c.window_id).executeTakeFirstOrThrow();
  const payload = renderPickupSlip(await slipData(trx, ctx, c), { width: win.paper_width === 58 ? 58 : 80, hall: await hallPrintSettings(trx, c.hall_id) });
  return insertJob(trx, ctx, {
    hallId: c.hall_id, kind: 'pickup_slip', caseId: c.id, windowId: win.id,
    printerUri: jobPrinterUri(ctx, win.printer_uri, 'window', win.id, `window-${win.no}`), payload,
  });
}

export async function slipData(db: Queryable, ctx: ServiceContext, c: CaseRow): Promise<PickupSlipPrintData> {
  const hall = await hallOf(db, c.hall_id);
  const matter = await db.selectFrom('matters').select(['name', 'promised_days']).where('id', '=', c.matter_id).executeTakeFirstOrThrow();
  const win = await db.selectFrom('windows').select(['no', 'name']).where('id', '=', c.window_id).executeTakeFirstOrThrow();
  const clerk = c.clerk_id ? await db.selectFrom('staff').select(['name', 'staff_no']).where('id', '=', c.clerk_id).executeTakeFirst() : undefined;
  const pickup = await db.selectFrom('windows').select(['no', 'name']).where('hall_id', '=', c.hall_id).where('kind', '=', 'pickup').orderBy('no').execute();
  const missing = JSON.parse(c.missing) as string[];
  const parts = await bundlePartsOf(db, c);
  const lookupUrl = `${ctx.publicUrl}/c/${c.case_no}`;
  return {
    caseNo: c.case_no,
    matterName: parts.bundleName ? `一件事：${parts.bundleName}` : matter.name,
    applicantName: c.applicant_name || '—',
    maskedId: c.id_last4 ? maskIdNumber(c.id_last4) : undefined,
    clerkName: clerk?.name ?? '—',
    clerkNo: clerk?.staff_no ?? '—',
    windowName: `${win.no}号窗口 ${win.name}`,
    acceptedAt: isoInZone(Number(c.accepted_at), hall.timeZone),
    timeZone: hall.timeZone,
    promisedDate: c.promised_date,
    promisedDays: matter.promised_days,
    collect: {
      method: '凭本回执到出件窗口领取，或在自助终端扫码取号',
      place: pickup.length ? pickup.map((w) => `${w.no}号窗口 ${w.name}`).join('、') : `${win.no}号窗口`,
    },
    missing: missing.length ? { items: missing, deadline: c.missing_deadline ?? c.promised_date } : undefined,
    bundle: parts.parts ? { name: parts.bundleName, parts: parts.parts.map((p) => ({ matterName: p.matterName, department: p.department, promisedDate: p.promisedDate })) } : undefined,
    pickupCode: c.pickup_code,
    qrData: `${lookupUrl}?code=${c.pickup_code}`,
    lookupUrl,
  };
}

/** Today's cases accepted at a window, newest first (the clerk console's list, for reprints). */
export async function casesAtWindow(db: Queryable, ctx: ServiceContext, windowId: string): Promise<CaseView[]> {
  const win = await loadWindow(db, windowId);
  const hall = await hallOf(db, win.hall_id);
  const today = serviceDay(ctx.clock.now(), hall.timeZone);
  const rows = await db.selectFrom('cases').selectAll().where('window_id', '=', win.id).where('accepted_at', '>=', instantOf(today, 0, hall.timeZone)).orderBy('accepted_at', 'desc').execute();
  return Promise.all(rows.map((c) => caseView(db, ctx, c)));
}

/**
 * 综窗出件: the pickup slip's code (typed or scanned at the kiosk) takes a pickup ticket once the
 * case is decided. One open pickup ticket per case.
 */
export async function caseForPickup(trx: Trx, hallId: string, code: string, revealTicketId: boolean): Promise<CaseRow> {
  const c = await trx.selectFrom('cases').selectAll().where('hall_id', '=', hallId).where('pickup_code', '=', code.trim().toUpperCase()).executeTakeFirst();
  if (!c) throw notFound('PICKUP_CODE_NOT_FOUND', '没有找到这个取件码，请核对回执');
  if (c.status === 'collected') throw conflict('CASE_COLLECTED', `办件 ${c.case_no} 已取件`);
  if (c.status !== 'decided') throw conflict('CASE_NOT_READY', `办件 ${c.case_no} 尚未办结（承诺 ${c.promised_date} 前办结）`, { caseNo: c.case_no, status: c.status, promisedDate: c.promised_date });
  const open = await trx.selectFrom('tickets').select(['id', 'number']).where('case_id', '=', c.id).where('status', 'in', ['waiting', 'called', 'serving', 'suspended']).executeTakeFirst();
  if (open) throw conflict('ALREADY_WAITING', `您已取得 ${open.number} 号`, revealTicketId ? { ticketId: open.id, number: open.number } : { number: open.number });
  return c;
}

/** 'ready to collect': the case number and matter, never the applicant's name or ID. */
async function queueReadyToCollect(trx: Trx, ctx: ServiceContext, c: CaseRow): Promise<DomainEvent[]> {
  const m = await trx.selectFrom('matters').select('name').where('id', '=', c.matter_id).executeTakeFirst();
  return queueWebhook(trx, ctx, c.hall_id, 'ready_to_collect', { caseNo: c.case_no, matterName: m?.name ?? null, promisedDate: c.promised_date, idNumber: c.id_last4 ? `****${c.id_last4}` : null });
}
