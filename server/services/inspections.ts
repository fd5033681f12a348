import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isoInZone } from '../domain/time.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { monthRange } from './complaints.ts';
import { loadHall } from './queue.ts';
import { audit } from './window-view.ts';

/** 日常巡查: a manager's check at a window (在岗、着装、台面、服务用语…) and what was found. */
export const INSPECTION_RESULTS = ['good', 'minor', 'serious'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export interface InspectionView {
  id: string;
  windowId: string;
  windowNo: number | null;
  staffId: string | null;
  staffName: string | null;
  inspectorName: string | null;
  result: string;
  findings: string;
  at: string;
}

export async function recordInspection(
  trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string,
  input: { windowId: string; staffId?: string; result: InspectionResult; findings: string },
): Promise<Outcome<InspectionView>> {
  const w = await trx.selectFrom('windows').select(['hall_id', 'clerk_id']).where('id', '=', input.windowId).executeTakeFirst();
  if (!w || w.hall_id !== hallId) throw notFound('WINDOW_NOT_FOUND', `本厅没有这个窗口：${input.windowId}`);
  if (input.staffId) {
    const s = await trx.selectFrom('staff').select('hall_id').where('id', '=', input.staffId).executeTakeFirst();
    if (!s || s.hall_id !== hallId) throw notFound('STAFF_NOT_FOUND', `本厅没有这位工作人员：${input.staffId}`);
  }
  const findings = input.findings.trim();
  if (input.result !== 'good' && findings.length < 2) throw invalid('FINDINGS_REQUIRED', '发现问题时请写明问题');
  const id = crypto.randomUUID();
  const now = ctx.clock.now();
  // Charged to the clerk at the window at the time unless the manager names someone.
  await trx
    .insertInto('inspections')
    .values({ id, hall_id: hallId, window_id: input.windowId, staff_id: input.staffId ?? w.clerk_id, inspector_id: actor.staffId ?? null, result: input.result, findings, at: now })
    .execute();
  await audit(trx, actor, hallId, 'inspection.record', id, { windowId: input.windowId, result: input.result }, now);
  return outcome((await listInspections(trx, hallId, {})).find((i) => i.id === id)!);
}

export async function listInspections(db: Queryable, hallId: string, f: { month?: string }): Promise<InspectionView[]> {
  const hall = await loadHall(db, hallId);
  let q = db
    .selectFrom('inspections as i')
    .leftJoin('windows as w', 'w.id', 'i.window_id')
    .leftJoin('staff as s', 's.id', 'i.staff_id')
    .leftJoin('staff as m', 'm.id', 'i.inspector_id')
    .select(['i.id', 'i.window_id', 'w.no', 'i.staff_id', 's.name as staff_name', 'm.name as inspector_name', 'i.result', 'i.findings', 'i.at'])
    .where('i.hall_id', '=', hallId);
  if (f.month) {
    const [from, to] = monthRange(f.month, hall.timeZone);
    q = q.where('i.at', '>=', from).where('i.at', '<', to);
  }
  const rows = await q.orderBy('i.at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, windowId: r.window_id, windowNo: r.no ?? null, staffId: r.staff_id, staffName: r.staff_name ?? null,
    inspectorName: r.inspector_name ?? null, result: r.result, findings: r.findings, at: isoInZone(Number(r.at), hall.timeZone),
  }));
}
