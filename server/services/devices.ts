import crypto from 'node:crypto';
import type { Database, Trx } from '../db/index.ts';
import { invalid, notFound, unauthorized } from '../domain/errors.ts';
import type { DeviceSelf } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import { sha256 } from './staff.ts';
import { parseServerPrinterUri } from '../../printers/transports/index.ts';
import { AGENT_PRINTER, agentAddress, spoolDirOf } from './printing.ts';
import { audit } from './window-view.ts';

export const DEVICE_KINDS = ['kiosk', 'display', 'agent', 'keypad', 'evaluator'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Registers a kiosk, display or agent and returns, once, its credential (`token`: for the agent's
 * command line and API callers) and a one-time enrolment token for the page's link (`enrolToken`:
 * the page trades it for a credential of its own, so the link is worthless once opened). Only
 * hashes are kept.
 */
export async function createDevice(
  trx: Trx,
  ctx: ServiceContext,
  actor: Actor,
  input: { hallId: string; kind: DeviceKind; name: string; windowId?: string; printerUri?: string; paperWidth?: 58 | 80 },
): Promise<{ id: string; token: string; enrolToken: string; kind: string; name: string; windowId: string | null }> {
  const hall = await trx.selectFrom('halls').select('id').where('id', '=', input.hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', '没有这个大厅');
  if (input.windowId) {
    const w = await trx.selectFrom('windows').select('hall_id').where('id', '=', input.windowId).executeTakeFirst();
    if (!w || w.hall_id !== input.hallId) throw notFound('WINDOW_NOT_FOUND', '没有这个窗口');
  } else if (input.kind === 'keypad' || input.kind === 'evaluator') {
    throw invalid('WINDOW_REQUIRED', '呼叫器和评价器须绑定窗口');
  }
  if (input.printerUri !== undefined) assertPrinterUri(ctx, input.printerUri);
  const id = crypto.randomUUID();
  const token = newSecret('dev');
  const now = ctx.clock.now();
  await trx
    .insertInto('devices')
    .values({ id, hall_id: input.hallId, kind: input.kind, name: input.name, window_id: input.windowId ?? null, token_hash: sha256(token), created_at: now, printer_uri: input.printerUri ?? null, paper_width: input.paperWidth ?? 80 })
    .execute();
  const enrolToken = newSecret('enr');
  await trx.insertInto('device_credentials').values({ token_hash: sha256(enrolToken), device_id: id, kind: 'enrol', created_at: now, used_at: null }).execute();
  await audit(trx, actor, input.hallId, 'device.create', id, { kind: input.kind, name: input.name }, now);
  return { id, token, enrolToken, kind: input.kind, name: input.name, windowId: input.windowId ?? null };
}

/**
 * A printer the server may open, or `agent:` (printed by the device agent on the kiosk's or
 * window's PC): `file:` only inside the spool folder, `usblp:` only /dev/usb/lpN, `tcp://` only
 * host and port, `usb:` hex ids. The spool checks again before every open.
 */
export function assertPrinterUri(ctx: ServiceContext, uri: string): void {
  if (uri === AGENT_PRINTER) return;
  try {
    parseServerPrinterUri(uri, { spoolDir: spoolDirOf(ctx) });
  } catch (err) {
    throw invalid('BAD_PRINTER_URI', (err as Error).message);
  }
}

const newSecret = (prefix: string) => `${prefix}_${crypto.randomBytes(24).toString('base64url')}`;

const toActor = (d: { id: string; kind: string; window_id: string | null; hall_id: string }): Actor => ({ deviceId: d.id, deviceKind: d.kind, deviceWindowId: d.window_id, hallId: d.hall_id });

/** The device's own token, or a credential a page got by enrolling. An enrolment token is not a credential. */
export async function authenticateDevice(db: Database, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const own = await db.selectFrom('devices').select(['id', 'kind', 'window_id', 'hall_id']).where('token_hash', '=', hash).executeTakeFirst();
  if (own) return toActor(own);
  const held = await db
    .selectFrom('device_credentials')
    .innerJoin('devices', 'devices.id', 'device_credentials.device_id')
    .select(['devices.id', 'devices.kind', 'devices.window_id', 'devices.hall_id'])
    .where('device_credentials.token_hash', '=', hash)
    .where('device_credentials.kind', '=', 'session')
    .executeTakeFirst();
  return held ? toActor(held) : null;
}

/**
 * A page opened with `?deviceToken=` trades it here for a credential of its own, which it keeps.
 * An enrolment token trades once: the link, in a browser history or a log line, is worthless
 * afterwards. A device's own token (the links of devices registered before enrolment tokens
 * existed) trades too and stays valid, as an agent may be running with it.
 */
export async function enrolDevice(trx: Trx, ctx: ServiceContext, presented: string): Promise<{ token: string; deviceId: string; kind: string; name: string }> {
  const hash = sha256(presented);
  const now = ctx.clock.now();
  let device = await trx.selectFrom('devices').select(['id', 'hall_id', 'kind', 'name']).where('token_hash', '=', hash).executeTakeFirst();
  if (!device) {
    const cred = await trx.selectFrom('device_credentials').select(['device_id', 'used_at']).where('token_hash', '=', hash).where('kind', '=', 'enrol').executeTakeFirst();
    if (!cred) throw unauthorized('INVALID_DEVICE_TOKEN', '设备凭证无效');
    // Compare-and-set: two pages racing with one link, only one gets the credential.
    const taken = await trx.updateTable('device_credentials').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
    if (cred.used_at !== null || Number(taken.numUpdatedRows) === 0) throw unauthorized('ENROLMENT_USED', '此设备链接已使用过，不能再次使用；请管理员在系统管理中重新登记设备');
    device = await trx.selectFrom('devices').select(['id', 'hall_id', 'kind', 'name']).where('id', '=', cred.device_id).executeTakeFirstOrThrow();
  }
  const token = newSecret('dsk');
  await trx.insertInto('device_credentials').values({ token_hash: sha256(token), device_id: device.id, kind: 'session', created_at: now, used_at: null }).execute();
  await audit(trx, {}, device.hall_id, 'device.enrol', device.id, null, now);
  return { token, deviceId: device.id, kind: device.kind, name: device.name };
}


/** A kiosk asks who it is and how its printer is: "no paper" shows on its screen. */
export async function deviceSelf(db: Database, ctx: ServiceContext, deviceId: string, defaultUri: (name: string) => string): Promise<DeviceSelf> {
  const d = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
  const uri = d.printer_uri === AGENT_PRINTER ? agentAddress('device', d.id) : (d.printer_uri ?? (d.kind === 'kiosk' ? defaultUri(`kiosk-${d.id}`) : null));
  const state = uri ? await db.selectFrom('printer_states').select(['state', 'checked_at']).where('printer_uri', '=', uri).executeTakeFirst() : undefined;
  return {
    id: d.id, hallId: d.hall_id, kind: d.kind, name: d.name, windowId: d.window_id, paperWidth: d.paper_width,
    printer: uri ? { uri, state: state?.state ?? 'unknown', checkedAt: state ? Number(state.checked_at) : null } : null,
  };
}

/** Sets the printer of a window (its pickup slips and tickets a clerk reprints); null: the spool file. */
export async function setWindowPrinter(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, printerUri: string | null, paperWidth?: 58 | 80) {
  const w = await trx.selectFrom('windows').select(['id', 'hall_id', 'paper_width']).where('id', '=', windowId).executeTakeFirst();
  if (!w) throw notFound('WINDOW_NOT_FOUND', '没有这个窗口');
  if (printerUri !== null) assertPrinterUri(ctx, printerUri);
  await trx.updateTable('windows').set({ printer_uri: printerUri, paper_width: paperWidth ?? w.paper_width }).where('id', '=', w.id).execute();
  await audit(trx, actor, w.hall_id, 'window.printer', w.id, { printerUri, paperWidth }, ctx.clock.now());
  return { result: { windowId: w.id, printerUri, paperWidth: paperWidth ?? w.paper_width }, events: [] };
}
