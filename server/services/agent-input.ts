import { KEYPAD_ACTIONS, type AgentInput, type InputResult, type KeypadAction } from '../../protocol/agent.ts';
import type { Trx } from '../db/index.ts';
import { conflict, forbidden, invalid, notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { findStored, store } from './idempotency.ts';
import { loadHall, today } from './queue.ts';
import { rateableAt, rateTicket } from './ratings.ts';
import { issueTicket } from './tickets.ts';
import * as calls from './windows.ts';
import * as status from './window-status.ts';

/**
 * What a device agent's HID devices report (devices/agent.ts): a call keypad's key, an evaluator's
 * key, a scanned code. Each carries the id the agent gave the press, so a press sent again after a
 * reconnect (or by a restarted agent) is acted on once: the first answer is kept and replayed.
 */
export type { AgentInput, InputResult, KeypadAction };

const scopeOf = (actor: Actor) => `agent-input:${actor.deviceId}`;

export async function actOnInput(trx: Trx, ctx: ServiceContext, actor: Actor, input: AgentInput): Promise<Outcome<InputResult>> {
  if (!actor.deviceId) throw forbidden('NOT_AN_AGENT', '需要设备凭证');
  if (typeof input?.id !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(input.id)) throw invalid('BAD_INPUT_ID', '按键编号须为 8 到 64 位字母数字');
  const now = ctx.clock.now();
  const stored = await findStored(trx, scopeOf(actor), input.id, now);
  if (stored) return outcome({ ...(stored.body as InputResult), repeated: true });
  const done = await dispatch(trx, ctx, actor, input);
  await store(trx, scopeOf(actor), input.id, { statusCode: 200, body: done.result, fingerprint: input.kind }, now);
  return done;
}

async function dispatch(trx: Trx, ctx: ServiceContext, actor: Actor, input: AgentInput): Promise<Outcome<InputResult>> {
  switch (input.kind) {
    case 'key':
      return keypadKey(trx, ctx, actor, input.action);
    case 'rate':
      return ratingKey(trx, ctx, actor, input.score);
    case 'scan':
      return scan(trx, ctx, actor, input.code);
    default:
      throw invalid('BAD_INPUT_KIND', '未知的设备输入');
  }
}

function windowOf(actor: Actor): string {
  if (!actor.deviceWindowId) throw forbidden('NOT_A_WINDOW_DEVICE', '该设备未绑定窗口');
  return actor.deviceWindowId;
}

/**
 * A call keypad acts with the authority of the clerk who has its window open, exactly as the
 * console would: no clerk at the window, no action (a keypad on an empty counter does nothing).
 */
async function keypadKey(trx: Trx, ctx: ServiceContext, actor: Actor, action: KeypadAction): Promise<Outcome<InputResult>> {
  const windowId = windowOf(actor);
  const w = await trx.selectFrom('windows').select(['no', 'status', 'clerk_id']).where('id', '=', windowId).executeTakeFirstOrThrow();
  if (w.status === 'closed' || !w.clerk_id) throw conflict('NO_CLERK_AT_WINDOW', `${w.no}号窗口没有工作人员开窗，呼叫器不可用`);
  const clerk: Actor = { staffId: w.clerk_id, role: 'clerk', deviceId: actor.deviceId, deviceKind: actor.deviceKind, hallId: actor.hallId };
  const ticketStep = async (work: Promise<Outcome<{ ticket: { id: string; number: string } | null }>>) => {
    const r = await work;
    return { result: { acted: true, number: r.result.ticket?.number ?? null, ticketId: r.result.ticket?.id }, events: r.events };
  };
  const windowStep = async (work: Promise<Outcome<unknown>>) => ({ result: { acted: true }, events: (await work).events });
  switch (action) {
    case 'next': return ticketStep(calls.callNext(trx, ctx, clerk, windowId));
    case 'recall': return ticketStep(calls.recall(trx, ctx, clerk, windowId));
    case 'start': return ticketStep(calls.start(trx, ctx, clerk, windowId));
    case 'complete': return ticketStep(calls.complete(trx, ctx, clerk, windowId));
    case 'no_show': return ticketStep(calls.noShow(trx, ctx, clerk, windowId));
    case 'pause': return windowStep(status.pauseWindow(trx, ctx, clerk, windowId, null));
    case 'resume': return windowStep(status.resumeWindow(trx, ctx, clerk, windowId));
    default: throw invalid('BAD_KEYPAD_ACTION', `呼叫器按键只能是 ${KEYPAD_ACTIONS.join(', ')}`);
  }
}

/** An evaluator's key rates the ticket its window just completed (the evaluator's rule); nothing to rate, nothing done. */
async function ratingKey(trx: Trx, ctx: ServiceContext, actor: Actor, score: number): Promise<Outcome<InputResult>> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw invalid('BAD_SCORE', '评价须为 1 到 5');
  const target = await rateableAt(trx, ctx, actor, windowOf(actor));
  if (!target) return outcome({ acted: false });
  const r = await rateTicket(trx, ctx, actor, target.ticketId, undefined, { score });
  return { result: { acted: true, number: r.result.ticketNumber, ticketId: target.ticketId }, events: r.events };
}

/**
 * A kiosk's scan: an appointment's code checks it in, a pickup slip's code takes a pickup ticket
 * (the same issueTicket the kiosk page calls). A window's scan names the case or the ticket to open.
 */
async function scan(trx: Trx, ctx: ServiceContext, actor: Actor, raw: string): Promise<Outcome<InputResult>> {
  const code = typeof raw === 'string' ? raw.trim() : '';
  if (!code || code.length > 64) throw invalid('BAD_SCAN', '扫描内容为空或过长');
  const hallId = actor.hallId!;
  if (actor.deviceWindowId) {
    const c = await trx.selectFrom('cases').select('case_no').where('hall_id', '=', hallId).where((eb) => eb.or([eb('case_no', '=', code), eb('pickup_code', '=', code.toUpperCase())])).executeTakeFirst();
    const windowId = actor.deviceWindowId;
    // The clerk console of that window opens what was scanned (the publisher sends it there after commit).
    if (c) return outcome({ acted: true, caseNo: c.case_no }, [{ type: 'scan', hallId, windowId, code, caseNo: c.case_no }]);
    const hall = await loadHall(trx, hallId);
    const t = await trx.selectFrom('tickets').select(['id', 'number']).where('hall_id', '=', hallId).where('service_day', '=', today(hall, ctx.clock.now())).where('number', '=', code.toUpperCase()).executeTakeFirst();
    if (t) return outcome({ acted: true, ticketId: t.id, number: t.number }, [{ type: 'scan', hallId, windowId, code, ticketId: t.id, number: t.number }]);
    throw notFound('SCAN_NOT_RECOGNISED', '扫描的内容不是本大厅的办件或号票');
  }
  const appt = await trx.selectFrom('appointments').select('category_id').where('hall_id', '=', hallId).where('code', '=', code.toUpperCase()).executeTakeFirst();
  const pickup = appt ? undefined : await trx.selectFrom('cases').innerJoin('matters', 'matters.id', 'cases.matter_id').select('matters.category_id').where('cases.hall_id', '=', hallId).where('cases.pickup_code', '=', code.toUpperCase()).executeTakeFirst();
  if (!appt && !pickup) throw notFound('SCAN_NOT_RECOGNISED', '扫描的内容不是本大厅的预约码或取件码');
  const r = appt
    ? await issueTicket(trx, ctx, actor, { hallId, categoryId: appt.category_id, appointmentCode: code })
    : await issueTicket(trx, ctx, actor, { hallId, categoryId: pickup!.category_id, pickupCode: code });
  return { result: { acted: true, number: r.result.number, ticketId: r.result.id }, events: r.events };
}
