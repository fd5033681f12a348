import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { closePastDays } from '../../server/services/day-end.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { callNext, suspend, start } from '../../server/services/windows.ts';
import { closeWindow, openWindow, takeOverWindow } from '../../server/services/window-status.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

describe('AB角, 弃号, event numbering, the append-only log', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const open = (user: string, win: string) => h.run((trx) => openWindow(trx, h.ctx, h.as(user), win));
  const takeOver = (user: string, win: string) => h.run((trx) => takeOverWindow(trx, h.ctx, h.as(user), win));
  const next = (user: string, win: string) => h.run((trx) => callNext(trx, h.ctx, h.as(user), win));
  const issue = (categoryId = 'cat_A') => h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId }));

  it('the B clerk takes over an open window; logged in audit_log; the A clerk no longer operates it', async () => {
    await issue();
    await open('clerk01', 'win_1');
    h.clock.advance(MINUTE);
    const r = await takeOver('clerk02', 'win_1');
    expect(r.result.clerk).toMatchObject({ id: h.staffId('clerk02') });
    expect(r.events).toMatchObject([{ type: 'window', windowId: 'win_1', status: 'open' }]);
    const log = await h.db.selectFrom('audit_log').selectAll().where('action', '=', 'window.take_over').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ staff_id: h.staffId('clerk02'), target: 'win_1', hall_id: 'demo', at: h.clock.now() });
    expect(JSON.parse(log[0].data!)).toMatchObject({ clerkId: h.staffId('clerk02'), reason: `接管自 ${h.staffId('clerk01')}` });
    expect(await domainError(next('clerk01', 'win_1'))).toMatchObject({ code: 'NOT_WINDOW_CLERK' });
    expect((await next('clerk02', 'win_1')).result.ticket?.number).toBe('A001');
  });

  it('another clerk may not take over (NOT_BACKUP_CLERK, nothing logged); a manager may', async () => {
    await open('clerk01', 'win_1');
    expect(await domainError(takeOver('clerk03', 'win_1'))).toMatchObject({ kind: 'forbidden', code: 'NOT_BACKUP_CLERK' });
    expect(await h.db.selectFrom('audit_log').select('id').where('action', '=', 'window.take_over').execute()).toHaveLength(0);
    expect((await h.db.selectFrom('windows').select('clerk_id').where('id', '=', 'win_1').executeTakeFirstOrThrow()).clerk_id).toBe(h.staffId('clerk01'));
    expect((await takeOver('manager', 'win_1')).result.clerk?.id).toBe(h.staffId('manager'));
  });

  it('a closed window cannot be taken over; an open one cannot be opened by another clerk; one clerk, one window', async () => {
    expect(await domainError(takeOver('clerk02', 'win_1'))).toMatchObject({ code: 'WINDOW_NOT_OPEN' });
    await open('clerk01', 'win_1');
    expect(await domainError(open('clerk02', 'win_1'))).toMatchObject({ code: 'WINDOW_IN_USE' });
    expect(await domainError(open('clerk01', 'win_3'))).toMatchObject({ code: 'CLERK_BUSY' });
    await h.run((trx) => closeWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    expect((await open('clerk01', 'win_3')).result.status).toBe('open');
  });

  it('弃号: closePastDays abandons yesterday’s open tickets, logs close_day, keeps the rows, frees the window', async () => {
    h.clock.set('2026-11-23T23:50:00+08:00');
    await open('clerk01', 'win_1');
    const ids = [(await issue()).result.id, (await issue()).result.id, (await issue()).result.id, (await issue('cat_C')).result.id];
    await next('clerk01', 'win_1');
    await h.run((trx) => start(trx, h.ctx, h.as('clerk01'), 'win_1'));
    await next('clerk01', 'win_1'); // A001 done, A002 called
    expect((await h.run((trx) => closePastDays(trx, h.ctx, 'demo'))).result.closed).toBe(0); // still the same day

    h.clock.set('2026-11-24T00:05:00+08:00');
    const r = await h.run((trx) => closePastDays(trx, h.ctx, 'demo'));
    expect(r.result.closed).toBe(3);
    const rows = await h.db.selectFrom('tickets').select(['id', 'number', 'status', 'closed_reason', 'finished_at']).orderBy('issued_at').orderBy('number').execute();
    expect(rows.map((t) => [t.number, t.status])).toEqual([['A001', 'done'], ['A002', 'abandoned'], ['A003', 'abandoned'], ['C001', 'abandoned']]);
    expect(rows.filter((t) => t.status === 'abandoned').every((t) => t.closed_reason === 'day_end' && t.finished_at === h.clock.now())).toBe(true);
    const log = await h.db.selectFrom('ticket_events').select(['ticket_id', 'data']).where('type', '=', 'close_day').execute();
    expect(log.map((e) => [e.ticket_id, JSON.parse(e.data!).from]).sort()).toEqual([[ids[1], 'called'], [ids[2], 'waiting'], [ids[3], 'waiting']].sort());
    expect((await h.db.selectFrom('windows').select('current_ticket_id').where('id', '=', 'win_1').executeTakeFirstOrThrow()).current_ticket_id).toBeNull();
    expect(r.events.filter((e) => e.type === 'window')).toMatchObject([{ windowId: 'win_1', currentNumber: null }]);
    expect(r.events.filter((e) => e.type === 'queue').map((e) => [(e as { categoryId: string }).categoryId, (e as { waiting: number }).waiting]).sort()).toEqual([['cat_A', 0], ['cat_C', 0]]);
    // Idempotent: a second sweep closes nothing; today's call-next does not reach yesterday's tickets.
    expect((await h.run((trx) => closePastDays(trx, h.ctx, 'demo'))).result.closed).toBe(0);
    expect((await next('clerk01', 'win_1')).result.ticket).toBeNull();
  });

  it('a suspended ticket is abandoned too', async () => {
    await open('clerk01', 'win_1');
    const { result } = await issue();
    await next('clerk01', 'win_1');
    await h.run((trx) => suspend(trx, h.ctx, h.as('clerk01'), 'win_1'));
    h.clock.advance(24 * 60 * MINUTE);
    expect((await h.run((trx) => closePastDays(trx, h.ctx, 'demo'))).result.closed).toBe(1);
    expect((await h.db.selectFrom('tickets').select('status').where('id', '=', result.id).executeTakeFirstOrThrow()).status).toBe('abandoned');
  });

  it('runInTransaction numbers hall-wide events 1, 2, 3 … across transactions; ticket events take seq 0; a failure takes none', async () => {
    const seqs: number[] = [];
    const collect = (events: Array<{ type: string; seq: number }>) => {
      for (const e of events) {
        if (e.type === 'ticket') expect(e.seq).toBe(0);
        else seqs.push(e.seq);
      }
    };
    collect((await issue()).events);
    collect((await open('clerk01', 'win_1')).events);
    const called = await next('clerk01', 'win_1');
    expect(called.events.filter((e) => e.type !== 'ticket').map((e) => e.type)).toEqual(['call', 'window', 'queue']);
    collect(called.events);
    await domainError(next('clerk02', 'win_1'));
    await domainError(open('clerk02', 'win_1'));
    collect((await issue('cat_B')).events);
    collect((await next('clerk01', 'win_1')).events);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    // issue 1, open 1 + a queue event for each of win_1's 4 categories (their waits change), call 3,
    // issue 1, call-next with nothing for win_1 (B is not served) 1
    expect(seqs).toHaveLength(11);
    const hall = await h.db.selectFrom('halls').select('event_seq').where('id', '=', 'demo').executeTakeFirstOrThrow();
    expect(Number(hall.event_seq)).toBe(seqs.at(-1));
  });

  it('ticket_events is append-only: UPDATE and DELETE raise, the rows stay', async () => {
    await issue();
    await expect(h.db.updateTable('ticket_events').set({ type: 'tampered' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE ticket_events SET at = 0`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(h.db.deleteFrom('ticket_events').execute()).rejects.toThrow(/append-only/);
    expect(await h.db.selectFrom('ticket_events').select(['type']).execute()).toEqual([{ type: 'issued' }]);
  });
});
