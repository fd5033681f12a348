import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Queryable, Trx } from '../db/index.ts';
import { conflict, forbidden, notFound } from '../domain/errors.ts';
import { renderTicket, type TicketPrintData } from '../../printers/templates/ticket.ts';
import type { HallPrintSettings } from '../../printers/templates/common.ts';
import type { PaperWidth } from '../../printers/layout.ts';
import type { PrintJob } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { PrintEvent } from './events.ts';
import { loadHall } from './queue.ts';
import { audit } from './window-view.ts';
import { getTicket, type TicketView } from './tickets.ts';
import { rotateTicketKey } from './ticket-keys.ts';

/** Print jobs are rows written in the same transaction as the ticket or case: a failed print loses nothing. */

const PRIORITY_LABEL: Record<string, string> = { green: '绿色通道', military: '军人优先', elderly: '老年人优先', disabled: '残疾人优先', pregnant: '孕妇优先' };

export type PrintJobView = PrintJob;

/**
 * A kiosk or window whose printer is `agent:` prints through the device agent running on its
 * PC (`hallq agent`): its jobs wait under this address until the agent claims them.
 */
export const AGENT_PRINTER = 'agent:';
export const agentAddress = (kind: 'device' | 'window', id: string) => `agent:${kind}:${id}`;

/** The address a job is stored under: the configured printer, the agent's queue, or the spool file. */
export function jobPrinterUri(ctx: ServiceContext, configured: string | null, kind: 'device' | 'window', id: string, fileName: string): string {
  if (configured === AGENT_PRINTER) return agentAddress(kind, id);
  return configured ?? defaultPrinterUri(ctx, fileName);
}

/** The data folder's spool: receipts of printers without hardware, and the only folder a `file:` printer may name. */
export function spoolDirOf(ctx: ServiceContext): string {
  return ctx.spoolDir ?? path.join(os.tmpdir(), 'hallq-spool');
}

export function defaultPrinterUri(ctx: ServiceContext, name: string): string {
  return `file:${path.join(spoolDirOf(ctx), `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.bin`)}`;
}

/** The hall's receipt texts; `rules` are the ticket's 温馨提示 (notices print on every receipt). */
export async function hallPrintSettings(db: Queryable, hallId: string): Promise<HallPrintSettings & { rules: string[] }> {
  const h = await db.selectFrom('halls').select(['name', 'print_settings']).where('id', '=', hallId).executeTakeFirstOrThrow();
  const s = JSON.parse(h.print_settings || '{}') as Partial<HallPrintSettings & { rules: string[] }>;
  return { hallName: h.name, header: s.header, footer: s.footer, logoText: s.logoText, notices: s.notices, rules: s.rules ?? ['过号请重新取号'] };
}

/** What a citizen collecting a result shows at the 出件窗口. */
export const PICKUP_BRING = ['本办件的受理回执（取件凭证）', '申请人本人有效身份证件原件', '他人代领的：代领人身份证件原件和申请人签字的委托书'];

export async function ticketPrintData(db: Queryable, ctx: ServiceContext, t: TicketView): Promise<{ data: TicketPrintData; hall: HallPrintSettings }> {
  const hall = await loadHall(db, t.hallId);
  const settings = await hallPrintSettings(db, t.hallId);
  const windows = await db
    .selectFrom('window_categories')
    .innerJoin('windows', 'windows.id', 'window_categories.window_id')
    .select(['windows.no', 'windows.name'])
    .where('window_categories.category_id', '=', t.categoryId)
    .orderBy('windows.no')
    .execute();
  let matter = t.matterId ? await db.selectFrom('matters').select(['name', 'materials']).where('id', '=', t.matterId).executeTakeFirst() : undefined;
  if (t.bundleId) {
    // 一件事: one ticket names the bundle and tells everything to bring for all its matters at once (一次性告知).
    const b = await db.selectFrom('bundles').select(['name', 'matter_ids']).where('id', '=', t.bundleId).executeTakeFirst();
    const ids = b ? (JSON.parse(b.matter_ids) as string[]) : [];
    const rows = ids.length ? await db.selectFrom('matters').select(['id', 'materials']).where('id', 'in', ids).execute() : [];
    const materials = [...new Set(ids.flatMap((id) => JSON.parse(rows.find((r) => r.id === id)?.materials ?? '[]') as string[]))];
    if (b) matter = { name: `一件事：${b.name}`, materials: JSON.stringify(materials) };
  }
  // 综窗出件: a pickup ticket's citizen collects a result; the application's materials were handed in already.
  const forPickup = Boolean((await db.selectFrom('tickets').select('case_id').where('id', '=', t.id).executeTakeFirst())?.case_id);
  const booking = await db.selectFrom('appointments').select(['slot_start', 'slot_end']).where('ticket_id', '=', t.id).executeTakeFirst();
  return {
    hall: settings,
    data: {
      number: t.number,
      categoryName: t.categoryName,
      matterName: matter?.name,
      waitingAhead: t.waitingAhead,
      estimatedWaitMinutes: t.estimatedWaitMinutes,
      windows: windows.map((w) => `${w.no}号窗口 ${w.name}`),
      issuedAt: t.issuedAt,
      timeZone: hall.timeZone,
      materials: matter && !forPickup ? (JSON.parse(matter.materials) as string[]) : [],
      bring: forPickup ? PICKUP_BRING : undefined,
      qrUrl: ticketPageUrl(ctx, t),
      rules: settings.rules,
      maskedId: t.maskedId ?? undefined,
      priorityLabel: t.priority ? PRIORITY_LABEL[t.priority] : undefined,
      appointment: booking ? { slot: `${booking.slot_start}-${booking.slot_end}` } : undefined,
    },
  };
}

/**
 * The phone page of a ticket, as its QR carries it: the id, and the secret in the fragment (a
 * fragment never reaches the server, so no access log holds it). Without the secret (a staff
 * preview) the QR only names the ticket.
 */
export function ticketPageUrl(ctx: ServiceContext, t: { id: string; key?: string }): string {
  return `${ctx.publicUrl}/t/${t.id}${t.key ? `#key=${t.key}` : ''}`;
}

export async function renderTicketBytes(db: Queryable, ctx: ServiceContext, t: TicketView, width: PaperWidth): Promise<Uint8Array> {
  const { data, hall } = await ticketPrintData(db, ctx, t);
  return renderTicket(data, { width, hall });
}

export async function insertJob(trx: Trx, ctx: ServiceContext, job: { hallId: string; kind: string; ticketId?: string; caseId?: string; deviceId?: string; windowId?: string; printerUri: string; payload: Uint8Array; reprintOf?: string }): Promise<{ id: string; event: PrintEvent }> {
  const id = crypto.randomUUID();
  const now = ctx.clock.now();
  await trx
    .insertInto('print_jobs')
    .values({
      id, hall_id: job.hallId, kind: job.kind, ticket_id: job.ticketId ?? null, case_id: job.caseId ?? null, device_id: job.deviceId ?? null,
      window_id: job.windowId ?? null, printer_uri: job.printerUri, payload: job.payload, status: 'pending', attempts: 0,
      next_attempt_at: now, last_error: null, reprint_of: job.reprintOf ?? null, created_at: now, sent_at: null, finished_at: null,
    })
    .execute();
  return { id, event: { type: 'print', hallId: job.hallId, jobId: id, printerUri: job.printerUri } };
}

interface PrintTarget {
  printerUri: string;
  width: PaperWidth;
  deviceId?: string;
  windowId?: string;
}

/**
 * Where a ticket prints for this caller: a kiosk's own printer, or for staff the printer of the
 * window they hold open. A phone (anonymous) has no printer.
 */
async function ticketTarget(trx: Queryable, ctx: ServiceContext, actor: Actor): Promise<PrintTarget | null> {
  if (actor.deviceId && actor.deviceKind === 'kiosk') {
    const d = await trx.selectFrom('devices').select(['id', 'printer_uri', 'paper_width']).where('id', '=', actor.deviceId).executeTakeFirstOrThrow();
    return { printerUri: jobPrinterUri(ctx, d.printer_uri, 'device', d.id, `kiosk-${d.id}`), width: d.paper_width === 58 ? 58 : 80, deviceId: d.id };
  }
  if (actor.staffId) {
    const w = await trx.selectFrom('windows').select(['id', 'no', 'printer_uri', 'paper_width']).where('clerk_id', '=', actor.staffId).where('status', 'in', ['open', 'paused']).executeTakeFirst();
    if (w) return { printerUri: jobPrinterUri(ctx, w.printer_uri, 'window', w.id, `window-${w.no}`), width: w.paper_width === 58 ? 58 : 80, windowId: w.id };
  }
  return null;
}

/** A ticket taken at a kiosk prints there; one a clerk issues (绿色通道) prints at the clerk's window. */
export async function queueTicketPrint(trx: Trx, ctx: ServiceContext, actor: Actor, t: TicketView, reprintOf?: string): Promise<{ jobId: string; event: PrintEvent } | null> {
  const target = await ticketTarget(trx, ctx, actor);
  if (!target) return null;
  const payload = await renderTicketBytes(trx, ctx, t, target.width);
  const { id, event } = await insertJob(trx, ctx, { hallId: t.hallId, kind: 'ticket', ticketId: t.id, deviceId: target.deviceId, windowId: target.windowId, printerUri: target.printerUri, payload, reprintOf });
  return { jobId: id, event };
}

/** 补打: a kiosk reprints an open ticket of its hall (its last one, or one found by ID number); a clerk, at the window printer. */
export async function reprintTicket(trx: Trx, ctx: ServiceContext, actor: Actor, ticketId: string) {
  const t = await getTicket(trx, ctx, ticketId);
  if (!actor.deviceId && !actor.staffId) throw forbidden('PRINTER_REQUIRED', '请在取号机或窗口补打号票');
  if (actor.hallId && actor.hallId !== t.hallId) throw notFound('TICKET_NOT_FOUND', '本大厅没有这张号票');
  if (!['waiting', 'called', 'serving', 'suspended'].includes(t.status)) throw conflict('TICKET_CLOSED', '该号票已办结或作废，不能补打');
  const last = await trx.selectFrom('print_jobs').select('id').where('ticket_id', '=', t.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  // Only the secret's hash is kept, so the reprint carries a new one (see rotateTicketKey).
  const reprinted = { ...t, key: await rotateTicketKey(trx, t.id) };
  const job = await queueTicketPrint(trx, ctx, actor, reprinted, last?.id);
  if (!job) throw conflict('NO_PRINTER', '没有可用的打印机：请先开窗，或在取号机上补打');
  return { result: { ticket: reprinted, jobId: job.jobId }, events: [job.event] };
}

export async function listPrintJobs(db: Queryable, hallId: string, filter: { status?: string; ticketId?: string }, limit = 50): Promise<PrintJobView[]> {
  let q = db
    .selectFrom('print_jobs as j')
    .leftJoin('devices as d', 'd.id', 'j.device_id')
    .select(['j.id', 'j.kind', 'j.ticket_id', 'j.case_id', 'j.printer_uri', 'j.device_id', 'd.name as device_name', 'j.window_id', 'j.status', 'j.attempts', 'j.last_error', 'j.created_at'])
    .where('j.hall_id', '=', hallId);
  if (filter.status) q = q.where('j.status', '=', filter.status);
  if (filter.ticketId) q = q.where('j.ticket_id', '=', filter.ticketId);
  const rows = await q.orderBy('j.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, ticketId: r.ticket_id, caseId: r.case_id, printerUri: r.printer_uri, deviceId: r.device_id, deviceName: r.device_name,
    windowId: r.window_id, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: Number(r.created_at),
  }));
}

export interface PrintSettingsInput {
  header?: string[];
  footer?: string[];
  logoText?: string;
  notices?: string[];
  rules?: string[];
}

/** The hall's receipt texts (header, footer, logo text, notices, the ticket's rules). */
export async function setPrintSettings(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, input: PrintSettingsInput) {
  const h = await trx.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
  if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  await trx.updateTable('halls').set({ print_settings: JSON.stringify(input) }).where('id', '=', hallId).execute();
  await audit(trx, actor, hallId, 'hall.print_settings', hallId, { ...input }, ctx.clock.now());
  return { result: await hallPrintSettings(trx, hallId), events: [] };
}
