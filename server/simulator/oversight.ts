import crypto from 'node:crypto';
import type { ManualClock } from '../clock.ts';
import type { Database } from '../db/index.ts';
import { runInTransaction } from '../db/unit-of-work.ts';
import { pick, seeded } from '../domain/random.ts';
import { instantOf } from '../domain/time.ts';
import { callbackList, recordCallback, type CallbackOutcome } from '../services/callbacks.ts';
import { answerComplaint, fileComplaint } from '../services/complaints.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { recordInspection, type InspectionResult } from '../services/inspections.ts';

/**
 * What a simulated day leaves besides the queue, so the demo's 四位一体 review is not empty: some
 * served visitors rate (好差评) and leave a phone, a complaint now and then, the manager's
 * daily 巡查 and 回访 calls, and yesterday's complaints answered. Deterministic per day and seed.
 * Ratings and phones are written straight in: the simulated visitor holds no ticket QR.
 */
const COMPLAINTS = ['等候时间太长，窗口只开了一半', '材料要求前后说法不一，跑了两趟', '窗口人员态度生硬', '说系统故障让明天再来', '不动产登记进度一直查不到'];
const FINDINGS: Record<InspectionResult, string[]> = { good: ['在岗在位，台面整洁'], minor: ['未佩戴工作牌', '台面摆放杂乱', '离岗未放暂停牌'], serious: ['上班时间玩手机，群众等候'] };

export async function simulateOversight(db: Database, ctx: ServiceContext & { clock: ManualClock }, hallId: string, day: string, seed: number): Promise<void> {
  const r = seeded(seed);
  const hall = await db.selectFrom('halls').select('time_zone').where('id', '=', hallId).executeTakeFirstOrThrow();
  const at = (hh: number, mm: number) => ctx.clock.set(instantOf(day, hh * 60 + mm, hall.time_zone));
  const manager = await db.selectFrom('staff').select(['id', 'role']).where('hall_id', '=', hallId).where('role', '=', 'manager').executeTakeFirst();
  const actor: Actor = manager ? { staffId: manager.id, role: 'manager', hallId } : {};
  const run = <T>(work: Parameters<typeof runInTransaction<T>>[1]) => runInTransaction(db, work);

  const served = await db
    .selectFrom('tickets as t')
    .innerJoin('ticket_events as e', (j) => j.onRef('e.ticket_id', '=', 't.id').on('e.type', '=', 'complete'))
    .select(['t.id', 't.window_id', 't.finished_at', 'e.staff_id'])
    .where('t.hall_id', '=', hallId).where('t.service_day', '=', day).where('t.status', '=', 'done')
    .execute();
  for (const t of served) {
    const finished = Number(t.finished_at ?? ctx.clock.now());
    if (r.next() < 0.35) {
      const score = pick(r, [5, 4, 3, 2, 1], (s) => [0, 3, 4, 8, 25, 60][s]);
      await db.insertInto('ratings').values({
        id: crypto.randomUUID(), hall_id: hallId, ticket_id: t.id, window_id: t.window_id, staff_id: t.staff_id, score, tags: '[]', comment: null,
        created_at: finished + 60_000, follow_up_status: score <= 2 ? 'open' : 'none', follow_up_due: score <= 2 ? day : null, follow_up_result: null, follow_up_by: null, followed_up_at: null,
      }).execute();
    }
    if (r.next() < 0.25) {
      await db.insertInto('ticket_phones').values({ ticket_id: t.id, hall_id: hallId, phone: `13${String(Math.floor(r.next() * 1e9)).padStart(9, '0')}`, created_at: finished }).execute();
    }
  }
  const windows = await db.selectFrom('windows').select(['id']).where('hall_id', '=', hallId).orderBy('no').execute();
  if (!windows.length || !manager) return;

  at(9, 30);
  const open = await db.selectFrom('complaints').select('id').where('hall_id', '=', hallId).where('status', '=', 'open').where('created_at', '<', ctx.clock.now() - 86_400_000).execute();
  for (const c of open) if (r.next() < 0.7) await run((trx) => answerComplaint(trx, ctx, actor, c.id, { outcome: '已联系群众说明情况并协调办结', upheld: r.next() < 0.6 }));

  at(10, 30);
  const result = pick(r, ['good', 'minor', 'serious'] as const, (x) => ({ good: 80, minor: 17, serious: 3 })[x]);
  const w = windows[Math.floor(r.next() * windows.length)];
  await run((trx) => recordInspection(trx, ctx, actor, hallId, { windowId: w.id, result, findings: FINDINGS[result][Math.floor(r.next() * FINDINGS[result].length)] }));

  if (r.next() < 0.4) {
    at(15, 0);
    const cw = windows[Math.floor(r.next() * windows.length)];
    await run((trx) => fileComplaint(trx, ctx, {}, hallId, { text: COMPLAINTS[Math.floor(r.next() * COMPLAINTS.length)], windowId: cw.id }, 'window'));
  }

  at(16, 30);
  for (const c of await callbackList(db, ctx, hallId, day)) {
    if (c.outcome) continue;
    const outcome = pick(r, ['satisfied', 'unreachable', 'problem'] as const, (x) => ({ satisfied: 88, unreachable: 8, problem: 4 })[x]) as CallbackOutcome;
    await run((trx) => recordCallback(trx, ctx, actor, c.id, { outcome, note: outcome === 'problem' ? '群众反映取件通知没收到' : undefined }));
  }
}
