import crypto from 'node:crypto';
import type { Database, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { DeviceSelf } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import { sha256 } from './staff.ts';
import { parseServerPrinterUri } from '../../printers/transports/index.ts';
import { AGENT_PRINTER, agentAddress, spoolDirOf } from './printing.ts';
import { audit } from './window-view.ts';

export const DEVICE_KINDS = ['kiosk', 'display', 'agent', 'keypad', 'evaluator'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Registers a kiosk, display or agent and returns its credential once; only its hash is kept. */
export async function createDevice(
  trx: Trx,
  ctx: ServiceContext,
  actor: Actor,
  input: { hallId: string; kind: DeviceKind; name: string; windowId?: string; printerUri?: string; paperWidth?: 58 | 80 },
): Promise<{ id: string; token: string; kind: string; name: string; windowId: string | null }> {
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
  const token = `dev_${crypto.randomBytes(24).toString('base64url')}`;
  const now = ctx.clock.now();
  await trx
    .insertInto('devices')
    .values({ id, hall_id: input.hallId, kind: input.kind, name: input.name, window_id: input.windowId ?? null, token_hash: sha256(token), created_at: now, printer_uri: input.printerUri ?? null, paper_width: input.paperWidth ?? 80 })
    .execute();
  await audit(trx, actor, input.hallId, 'device.create', id, { kind: input.kind, name: input.name }, now);
  return { id, token, kind: input.kind, name: input.name, windowId: input.windowId ?? null };
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

export async function authenticateDevice(db: Database, token: string): Promise<Actor | null> {
  const d = await db.selectFrom('devices').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!d) return null;
  return { deviceId: d.id, deviceKind: d.kind, deviceWindowId: d.window_id, hallId: d.hall_id };
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
