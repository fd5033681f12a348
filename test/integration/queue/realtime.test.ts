import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { connectionRefusal, connectRecorder, hallSeq, type Recorder } from '../../helpers/queue.ts';

const HALL_WIDE = new Set(['call', 'queue', 'window']);

describe('realtime: snapshot, seq, resync, rooms, admission', () => {
  let s: TestServer;
  let clerk01 = '';
  let clerk02 = '';
  const open: Recorder[] = [];
  beforeAll(async () => {
    s = await startServer();
    clerk01 = await login(s.url, 'clerk01');
    clerk02 = await login(s.url, 'clerk02');
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk01))).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_2/open', undefined, bearer(clerk02))).status).toBe(200);
  });
  afterAll(async () => {
    for (const r of open) r.close();
    await s.close();
  });
  const connectAs = async (auth: Record<string, unknown>) => {
    const r = await connectRecorder(s.url, auth);
    open.push(r);
    return r;
  };

  it('a display gets a snapshot, then every call/queue/window event with seq +1 each, through a burst of 20 issues and calls', async () => {
    const display = await connectAs({ hallId: 'demo', role: 'display' });
    const start = display.snapshot.seq;
    expect(start).toBe(await hallSeq(s));
    expect(display.snapshot.hall.windows.map((w: { id: string }) => w.id)).toContain('win_10');

    const work: Array<Promise<{ status: number; body: any }>> = [];
    for (let i = 0; i < 10; i++) {
      work.push(api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: i % 2 ? 'cat_A' : 'cat_D' }));
      work.push(api(s.url, 'POST', `/api/windows/${i % 2 ? 'win_1' : 'win_2'}/call-next`, undefined, bearer(i % 2 ? clerk01 : clerk02)));
    }
    const results = await Promise.all(work);
    expect(results.every((r) => r.status < 300)).toBe(true);
    const last = await hallSeq(s);
    expect(last - start).toBeGreaterThanOrEqual(20);
    await display.waitFor((e) => e.msg?.seq === last);

    const seqs = display.events.filter((e) => HALL_WIDE.has(e.event)).map((e) => e.msg.seq);
    expect(seqs).toEqual(Array.from({ length: last - start }, (_, i) => start + 1 + i));
    const calls = display.events.filter((e) => e.event === 'call');
    expect(calls.length).toBe(results.filter((r) => r.status === 200 && r.body?.ticket).length);
    // Anonymous screens name tickets by number: no ticketId (test/faults/public-id.test.ts searches for every id).
    for (const c of calls) expect(c.msg).toEqual({ seq: expect.any(Number), number: expect.stringMatching(/^[AD]\d{3}$/), windowId: expect.stringMatching(/^win_[12]$/), windowNo: expect.any(Number), windowName: '综合受理窗口', categoryName: expect.any(String), recall: false, at: expect.stringMatching(/\+08:00$/) });
    // The display never gets citizen-level ticket events.
    expect(display.events.some((e) => e.event === 'ticket')).toBe(false);

    // resync: a fresh snapshot at the last seq seen.
    const before = display.events.length;
    display.socket.emit('resync');
    const snap = await display.waitFor((e) => e.event === 'snapshot' && display.events.indexOf(e) >= before);
    expect(snap.msg.seq).toBe(last);
    expect(snap.msg.recentCalls.length).toBe(Math.min(10, calls.length));
  });

  it('a ticket client receives only its own ticket’s events', async () => {
    const other = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body;
    const mine = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body;
    const phone = await connectAs({ hallId: 'demo', role: 'ticket', ticketId: mine.id, ticketKey: mine.key });
    expect(phone.snapshot.ticket).toMatchObject({ id: mine.id, status: 'waiting', waitingAhead: 1 });

    const clerk06 = await login(s.url, 'clerk06');
    expect((await api(s.url, 'POST', '/api/windows/win_6/open', undefined, bearer(clerk06))).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_6/call-next', undefined, bearer(clerk06))).body.ticket.id).toBe(other.id);
    expect((await api(s.url, 'POST', '/api/windows/win_6/call-next', undefined, bearer(clerk06))).body.ticket.id).toBe(mine.id);
    const call = await phone.waitFor((e) => e.event === 'call');
    expect(call.msg).toMatchObject({ ticketId: mine.id, windowNo: 6, recall: false });
    await phone.waitFor((e) => e.event === 'ticket' && e.msg.status === 'called');

    const received = phone.events.filter((e) => e.event !== 'snapshot');
    expect(received.length).toBeGreaterThan(0);
    for (const e of received) {
      expect(['call', 'ticket']).toContain(e.event);
      expect(e.msg.ticketId).toBe(mine.id);
    }
  });

  it.each([
    ['role window without a token', { hallId: 'demo', role: 'window', windowId: 'win_1' }, 'INVALID_TOKEN'],
    ['role window with a forged token', { hallId: 'demo', role: 'window', windowId: 'win_1', token: 'forged' }, 'INVALID_TOKEN'],
    ['role manager without a token', { hallId: 'demo', role: 'manager' }, 'INVALID_TOKEN'],
    ['role manager with a forged token', { hallId: 'demo', role: 'manager', token: 'forged' }, 'INVALID_TOKEN'],
    ['an unknown hall', { hallId: 'nowhere', role: 'display' }, 'HALL_NOT_FOUND'],
    ['an unknown role', { hallId: 'demo', role: 'admin' }, 'BAD_AUTH'],
    ['no auth at all', {}, 'BAD_AUTH'],
    ['role ticket without a ticket id', { hallId: 'demo', role: 'ticket' }, 'TICKET_NOT_FOUND'],
    ['role ticket with an unknown ticket', { hallId: 'demo', role: 'ticket', ticketId: 'nope' }, 'TICKET_NOT_FOUND'],
    ['role ticket with another hall', { hallId: 'nowhere', role: 'ticket', ticketId: 'nope' }, 'HALL_NOT_FOUND'],
  ])('refuses %s', async (_n, auth, code) => {
    const refusal = await connectionRefusal(s.url, auth);
    expect(refusal.data?.code).toBe(code);
  });

  it('a clerk’s token is not a manager’s; a clerk’s token does open a window socket', async () => {
    expect((await connectionRefusal(s.url, { hallId: 'demo', role: 'manager', token: clerk01 })).data?.code).toBe('ROLE_NOT_ALLOWED');
    expect((await connectionRefusal(s.url, { hallId: 'demo', role: 'window', windowId: 'win_404', token: clerk01 })).data?.code).toBe('WINDOW_NOT_FOUND');
    const w = await connectAs({ hallId: 'demo', role: 'window', windowId: 'win_1', token: clerk01 });
    expect(w.snapshot.window).toMatchObject({ id: 'win_1', status: 'open' });
    const manager = await connectAs({ hallId: 'demo', role: 'manager', token: await login(s.url, 'manager') });
    expect(manager.snapshot.seq).toBe(await hallSeq(s));
  });
});
