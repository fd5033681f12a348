import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as calls from '../../server/services/windows.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { closeWindow, openWindow, pauseWindow } from '../../server/services/window-status.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

describe('window call flow (叫号 … 办结)', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
    await open('clerk01', 'win_1');
  });
  afterEach(() => h.close());

  const open = (user: string, win: string) => h.run((trx) => openWindow(trx, h.ctx, h.as(user), win));
  /** Issues tickets one minute apart, returns their ids by number. */
  async function issue(categoryId: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId }))).result.id);
      h.clock.advance(MINUTE);
    }
    return ids;
  }
  const next = (user = 'clerk01', win = 'win_1') => h.run((trx) => calls.callNext(trx, h.ctx, h.as(user), win));
  const step = (fn: 'recall' | 'start' | 'complete' | 'noShow' | 'suspend', user = 'clerk01', win = 'win_1') =>
    h.run((trx) => calls[fn](trx, h.ctx, h.as(user), win));
  const row = (id: string) => h.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventTypes = async (id: string) => (await h.db.selectFrom('ticket_events').select('type').where('ticket_id', '=', id).orderBy('id').execute()).map((e) => e.type);

  it('call-next → recall up to maxRecalls → RECALL_LIMIT → start → complete', async () => {
    const [a1, a2] = await issue('cat_A', 2);
    const called = await next();
    expect(called.result.ticket).toMatchObject({ id: a1, number: 'A001', status: 'called', windowNo: 1 });
    const hallWide = called.events.filter((e) => e.type !== 'ticket');
    expect(hallWide.map((e) => e.type)).toEqual(['call', 'window', 'queue']);
    expect(hallWide[0]).toMatchObject({ ticketId: a1, number: 'A001', windowId: 'win_1', windowNo: 1, recall: false, categoryName: '综合受理', at: '2026-11-23T09:02:00.000+08:00' });
    expect(hallWide[2]).toMatchObject({ categoryId: 'cat_A', waiting: 1 });
    for (let i = 1; i <= 3; i++) {
      const r = await step('recall');
      expect(r.events.find((e) => e.type === 'call')).toMatchObject({ ticketId: a1, recall: true });
      expect((await row(a1)).recall_count).toBe(i);
    }
    expect(await domainError(step('recall'))).toMatchObject({ kind: 'conflict', code: 'RECALL_LIMIT' });
    expect((await step('start')).result.ticket?.status).toBe('serving');
    const done = await step('complete');
    expect(done.result.ticket).toMatchObject({ id: a1, status: 'done' });
    expect((await h.db.selectFrom('windows').select('current_ticket_id').where('id', '=', 'win_1').executeTakeFirstOrThrow()).current_ticket_id).toBeNull();
    expect(await eventTypes(a1)).toEqual(['issued', 'call', 'recall', 'recall', 'recall', 'start', 'complete']);
    expect((await row(a2)).status).toBe('waiting');
  });

  it('call-next first completes the ticket at the window; with nobody waiting it returns no ticket', async () => {
    const [a1, a2] = await issue('cat_A', 2);
    await next();
    expect((await next()).result.ticket?.id).toBe(a2);
    expect((await row(a1)).status).toBe('done');
    const empty = await next();
    expect(empty.result.ticket).toBeNull();
    expect((await row(a2)).status).toBe('done');
    expect(empty.events.filter((e) => e.type === 'call')).toEqual([]);
  });

  it('start, complete, recall with no current ticket: NO_CURRENT_TICKET; an illegal step: INVALID_STATE', async () => {
    for (const fn of ['recall', 'start', 'complete', 'noShow', 'suspend'] as const) {
      expect(await domainError(step(fn))).toMatchObject({ kind: 'conflict', code: 'NO_CURRENT_TICKET' });
    }
    await issue('cat_A', 1);
    await next();
    await step('start');
    for (const fn of ['recall', 'start', 'noShow'] as const) {
      expect(await domainError(step(fn))).toMatchObject({ kind: 'conflict', code: 'INVALID_STATE' });
    }
  });

  it('过号 then 过号重排: the returning no-show is called after 3 waiting tickets', async () => {
    const ids = await issue('cat_A', 6);
    await next();
    expect((await step('noShow')).result.ticket).toMatchObject({ id: ids[0], status: 'no_show' });
    const back = await h.run((trx) => calls.requeueNoShow(trx, h.ctx, h.as('clerk01'), ids[0]));
    expect(back.result.ticket).toMatchObject({ status: 'waiting', waitingAhead: 3 });
    expect(back.events.filter((e) => e.type === 'queue')).toMatchObject([{ categoryId: 'cat_A', waiting: 6 }]);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) order.push((await next()).result.ticket!.number);
    expect(order).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
    // A ticket that was not a no-show cannot be re-queued.
    expect(await domainError(h.run((trx) => calls.requeueNoShow(trx, h.ctx, h.as('clerk01'), ids[1])))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('a no-show of yesterday cannot be re-queued today', async () => {
    const [a1] = await issue('cat_A', 1);
    await next();
    await step('noShow');
    h.clock.set('2026-11-24T09:00:00+08:00');
    expect(await domainError(h.run((trx) => calls.requeueNoShow(trx, h.ctx, h.as('clerk01'), a1)))).toMatchObject({ code: 'TICKET_EXPIRED' });
  });

  it('挂起 and resume: the window serves others meanwhile, then takes the suspended ticket back', async () => {
    const [a1, a2] = await issue('cat_A', 2);
    await next();
    await step('start');
    expect((await step('suspend')).result.ticket).toMatchObject({ id: a1, status: 'suspended' });
    expect((await next()).result.ticket?.id).toBe(a2);
    const resume = (user: string, win: string) => h.run((trx) => calls.resumeTicket(trx, h.ctx, h.as(user), win, a1));
    expect(await domainError(resume('clerk01', 'win_1'))).toMatchObject({ code: 'WINDOW_BUSY' });
    await step('complete');
    await open('clerk02', 'win_2');
    expect(await domainError(resume('clerk02', 'win_2'))).toMatchObject({ code: 'NOT_SUSPENDED_HERE' });
    const back = await resume('clerk01', 'win_1');
    expect(back.result.ticket).toMatchObject({ id: a1, status: 'serving', windowNo: 1 });
    expect((await row(a1)).serving_at).toBe(MORNING_PLUS(2));
    expect(await eventTypes(a1)).toEqual(['issued', 'call', 'start', 'suspend', 'resume']);
  });

  it('转移 to a category keeps the arrival time: called before that category’s later tickets', async () => {
    const [a1] = await issue('cat_A', 1);
    const [b1] = await issue('cat_B', 1);
    const before = await row(a1);
    await next();
    const moved = await h.run((trx) => calls.transfer(trx, h.ctx, h.as('clerk01'), 'win_1', { categoryId: 'cat_B' }));
    expect(moved.result.ticket).toMatchObject({ id: a1, status: 'waiting', categoryId: 'cat_B', number: 'A001', waitingAhead: 0 });
    expect((await row(a1)).sort_key).toBe(before.sort_key);
    expect(moved.events.filter((e) => e.type === 'queue').map((e) => (e as { categoryId: string }).categoryId).sort()).toEqual(['cat_A', 'cat_B']);
    await open('clerk04', 'win_4');
    expect((await next('clerk04', 'win_4')).result.ticket?.id).toBe(a1);
    expect((await next('clerk04', 'win_4')).result.ticket?.id).toBe(b1);
  });

  it('转窗 to a window: only that window calls it, and first, keeping its sort key', async () => {
    const [c1] = await issue('cat_C', 1);
    const [a1, a2] = await issue('cat_A', 2);
    const sortKey = (await row(a1)).sort_key;
    await next();
    // A closed window would never call it: the transfer is refused and the ticket stays at window 1.
    expect(await domainError(h.run((trx) => calls.transfer(trx, h.ctx, h.as('clerk01'), 'win_1', { windowId: 'win_6' })))).toMatchObject({ kind: 'conflict', code: 'TRANSFER_TARGET_CLOSED' });
    expect(await row(a1)).toMatchObject({ status: 'called', window_id: 'win_1', target_window_id: null });
    await open('clerk06', 'win_6');
    await h.run((trx) => calls.transfer(trx, h.ctx, h.as('clerk01'), 'win_1', { windowId: 'win_6' }));
    expect(await row(a1)).toMatchObject({ status: 'waiting', target_window_id: 'win_6', category_id: 'cat_A', sort_key: sortKey, window_id: null });
    // Window 1 serves A but the ticket now belongs to window 6.
    expect((await next()).result.ticket?.id).toBe(a2);
    expect((await next('clerk06', 'win_6')).result.ticket?.id).toBe(a1);
    expect((await next('clerk06', 'win_6')).result.ticket?.id).toBe(c1);
    expect((await row(a1)).target_window_id).toBeNull();
  });

  it('a ticket sent to a window that then closes goes back to its category, at its place by arrival', async () => {
    const [a1, a2] = await issue('cat_A', 2);
    const sortKey = (await row(a1)).sort_key;
    await open('clerk06', 'win_6');
    await next();
    await h.run((trx) => calls.transfer(trx, h.ctx, h.as('clerk01'), 'win_1', { windowId: 'win_6' }));
    expect(await row(a1)).toMatchObject({ status: 'waiting', target_window_id: 'win_6' });
    const closed = await h.run((trx) => closeWindow(trx, h.ctx, h.as('clerk06'), 'win_6'));
    expect(closed.result.status).toBe('closed');
    // The holder's phone hears of it; the kiosk tiles get cat_A's queue (win_6 does not serve it).
    expect(closed.events).toContainEqual(expect.objectContaining({ type: 'ticket', ticketId: a1, status: 'waiting', windowNo: null }));
    expect(closed.events).toContainEqual(expect.objectContaining({ type: 'queue', categoryId: 'cat_A', waiting: 2 }));
    expect(await row(a1)).toMatchObject({ status: 'waiting', target_window_id: null, category_id: 'cat_A', sort_key: sortKey });
    expect(await eventTypes(a1)).toContain('returned_to_queue');
    // It arrived first, so window 1 calls it before a2.
    expect((await next()).result.ticket?.id).toBe(a1);
    expect((await next()).result.ticket?.id).toBe(a2);
  });

  it('transfer needs exactly one target, not its own window, and a known one', async () => {
    await issue('cat_A', 1);
    await next();
    const transfer = (t: { categoryId?: string; windowId?: string }) => h.run((trx) => calls.transfer(trx, h.ctx, h.as('clerk01'), 'win_1', t));
    expect(await domainError(transfer({}))).toMatchObject({ kind: 'invalid', code: 'TRANSFER_TARGET_REQUIRED' });
    expect(await domainError(transfer({ categoryId: 'cat_B', windowId: 'win_4' }))).toMatchObject({ code: 'TRANSFER_TARGET_REQUIRED' });
    expect(await domainError(transfer({ windowId: 'win_1' }))).toMatchObject({ kind: 'invalid', code: 'TRANSFER_TO_SELF' });
    expect(await domainError(transfer({ windowId: 'win_99' }))).toMatchObject({ kind: 'not_found', code: 'WINDOW_NOT_FOUND' });
    expect(await domainError(transfer({ categoryId: 'cat_Z' }))).toMatchObject({ kind: 'not_found', code: 'CATEGORY_NOT_FOUND' });
  });

  it('指定叫号: callTicket calls one waiting ticket out of turn', async () => {
    const [a1, , a3] = await issue('cat_A', 3);
    const callIt = (id: string) => h.run((trx) => calls.callTicket(trx, h.ctx, h.as('clerk01'), 'win_1', id));
    const r = await callIt(a3);
    expect(r.result.ticket).toMatchObject({ id: a3, status: 'called', windowNo: 1 });
    expect(r.events.find((e) => e.type === 'call')).toMatchObject({ ticketId: a3, recall: false });
    expect(await domainError(callIt(a3))).toMatchObject({ code: 'INVALID_STATE' });
    expect(await domainError(callIt('no-such-ticket'))).toMatchObject({ kind: 'not_found', code: 'TICKET_NOT_FOUND' });
    expect((await next()).result.ticket?.id).toBe(a1);
    expect((await row(a3)).status).toBe('done');
    const audit = await h.db.selectFrom('audit_log').select(['action', 'target']).where('action', 'like', 'ticket.call%').orderBy('id').execute();
    expect(audit).toEqual([{ action: 'ticket.call_specific', target: a3 }, { action: 'ticket.call_next', target: a1 }]);
  });

  it('only the window’s clerk acts on it (NOT_WINDOW_CLERK, forbidden); a paused window calls nobody', async () => {
    await issue('cat_A', 1);
    const err = await domainError(next('clerk02', 'win_1'));
    expect(err).toMatchObject({ kind: 'forbidden', code: 'NOT_WINDOW_CLERK' });
    expect(await domainError(next('manager', 'win_1'))).toMatchObject({ kind: 'forbidden', code: 'NOT_WINDOW_CLERK' });
    await h.run((trx) => pauseWindow(trx, h.ctx, h.as('clerk01'), 'win_1', '午休'));
    expect(await domainError(next())).toMatchObject({ kind: 'conflict', code: 'WINDOW_NOT_OPEN' });
    expect(await domainError(next('clerk01', 'win_404'))).toMatchObject({ kind: 'not_found', code: 'WINDOW_NOT_FOUND' });
    expect(await h.db.selectFrom('tickets').select('status').execute()).toEqual([{ status: 'waiting' }]);
  });
});

const MORNING_PLUS = (minutes: number) => Date.parse('2026-11-23T09:00:00+08:00') + minutes * MINUTE;
