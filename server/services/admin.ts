import type { Queryable, Trx } from '../db/index.ts';
import { conflict, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/rules.ts';
import type { DeviceInfo, StaffInfo, WindowPrinter } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { agentAddress, AGENT_PRINTER, defaultPrinterUri } from './printing.ts';
import { addStaff } from './staff.ts';
import { audit } from './window-view.ts';

/** The hall's administration: devices and their printers, window printers, staff accounts. */

async function states(db: Queryable, hallId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('printer_states').select(['printer_uri', 'state']).where('hall_id', '=', hallId).execute();
  return new Map(rows.map((r) => [r.printer_uri, r.state]));
}

export async function listDevices(db: Queryable, ctx: ServiceContext, hallId: string): Promise<DeviceInfo[]> {
  const known = await states(db, hallId);
  const rows = await db.selectFrom('devices').selectAll().where('hall_id', '=', hallId).orderBy('created_at').execute();
  return rows.map((d) => {
    const effective = d.printer_uri === AGENT_PRINTER ? agentAddress('device', d.id) : (d.printer_uri ?? (d.kind === 'kiosk' ? defaultPrinterUri(ctx, `kiosk-${d.id}`) : null));
    return {
      id: d.id, kind: d.kind, name: d.name, windowId: d.window_id, printerUri: d.printer_uri, paperWidth: d.paper_width,
      printerState: effective ? (known.get(effective) ?? null) : null, createdAt: Number(d.created_at),
    };
  });
}

/** A lost or replaced kiosk: its token stops working at once. Its print jobs stay in the records. */
export async function revokeDevice(trx: Trx, ctx: ServiceContext, actor: Actor, deviceId: string): Promise<Outcome<{ id: string }>> {
  const d = await trx.selectFrom('devices').select(['id', 'hall_id', 'name']).where('id', '=', deviceId).executeTakeFirst();
  if (!d || (actor.hallId && actor.hallId !== d.hall_id)) throw notFound('DEVICE_NOT_FOUND', '没有这个设备');
  // Its enrolment link and every credential a page got with it end with it.
  await trx.deleteFrom('device_credentials').where('device_id', '=', d.id).execute();
  await trx.deleteFrom('devices').where('id', '=', d.id).execute();
  await audit(trx, actor, d.hall_id, 'device.revoke', d.id, { name: d.name }, ctx.clock.now());
  return outcome({ id: d.id });
}

export async function listWindowPrinters(db: Queryable, ctx: ServiceContext, hallId: string): Promise<WindowPrinter[]> {
  const known = await states(db, hallId);
  const rows = await db.selectFrom('windows').select(['id', 'no', 'name', 'printer_uri', 'paper_width']).where('hall_id', '=', hallId).orderBy('no').execute();
  return rows.map((w) => {
    const effective = w.printer_uri === AGENT_PRINTER ? agentAddress('window', w.id) : (w.printer_uri ?? defaultPrinterUri(ctx, `window-${w.no}`));
    return { windowId: w.id, no: w.no, name: w.name, printerUri: w.printer_uri, paperWidth: w.paper_width, printerState: known.get(effective) ?? null };
  });
}

export async function listStaff(db: Queryable, hallId: string): Promise<StaffInfo[]> {
  const rows = await db.selectFrom('staff').select(['id', 'username', 'name', 'staff_no', 'role', 'active']).where('hall_id', '=', hallId).orderBy('role').orderBy('username').execute();
  return rows.map((s) => ({ id: s.id, username: s.username, name: s.name, staffNo: s.staff_no, role: s.role, active: s.active === 1 }));
}

/** The password is hashed by the caller before the transaction: hashing is slow on purpose. */
export async function createStaff(
  trx: Trx,
  ctx: ServiceContext,
  actor: Actor,
  hallId: string,
  input: { username: string; name: string; staffNo: string; role: Role; password: string },
  passwordHash: string,
): Promise<Outcome<StaffInfo>> {
  const hall = await trx.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  const { id } = await addStaff(trx, ctx, { ...input, hallId }, passwordHash);
  await audit(trx, actor, hallId, 'staff.create', id, { username: input.username, role: input.role }, ctx.clock.now());
  return outcome({ id, username: input.username, name: input.name, staffNo: input.staffNo, role: input.role, active: true });
}

/** Deactivating ends the person's sessions at once; a window they held is taken over by its B岗 or a manager. */
export async function setStaffActive(trx: Trx, ctx: ServiceContext, actor: Actor, staffId: string, active: boolean): Promise<Outcome<StaffInfo>> {
  const s = await trx.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirst();
  if (!s || (actor.hallId && actor.hallId !== s.hall_id)) throw notFound('STAFF_NOT_FOUND', '没有这个工作人员');
  if (!active && s.id === actor.staffId) throw conflict('CANNOT_DEACTIVATE_SELF', '不能停用自己的账号');
  await trx.updateTable('staff').set({ active: active ? 1 : 0 }).where('id', '=', s.id).execute();
  if (!active) await trx.deleteFrom('sessions').where('staff_id', '=', s.id).execute();
  await audit(trx, actor, s.hall_id, active ? 'staff.activate' : 'staff.deactivate', s.id, { username: s.username }, ctx.clock.now());
  return outcome({ id: s.id, username: s.username, name: s.name, staffNo: s.staff_no, role: s.role, active });
}
