import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';

/** Window actions over HTTP where the contract leaves parts optional, and transfers between queues. */
describe('window actions over HTTP', () => {
  let s: TestServer;
  let c1: Record<string, string>;
  let c4: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    c1 = bearer(await login(s.url, 'clerk01'));
    c4 = bearer(await login(s.url, 'clerk04'));
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, c1)).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_4/open', undefined, c4)).status).toBe(200);
  });
  afterAll(() => s.close());

  const issue = async (categoryId: string) => (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId })).body;

  it('pause takes an optional reason: a keypad’s bare POST pauses, resume reopens', async () => {
    const paused = await api(s.url, 'POST', '/api/windows/win_1/pause', undefined, c1);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', pauseReason: expect.any(String) });
    expect((await api(s.url, 'POST', '/api/windows/win_1/resume', undefined, c1)).body.status).toBe('open');
  });

  it('转移 to another category whose queue has a ticket with the same sequence number', async () => {
    const a1 = await issue('cat_A');
    const b1 = await issue('cat_B');
    expect([a1.number, b1.number]).toEqual(['A001', 'B001']);
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, c1)).body.ticket.id).toBe(a1.id);
    const moved = await api(s.url, 'POST', '/api/windows/win_1/transfer', { categoryId: 'cat_B' }, c1);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.ticket).toMatchObject({ id: a1.id, number: 'A001', status: 'waiting', categoryId: 'cat_B' });
    // It keeps its arrival time: window 4 (不动产) calls it before B001, which came later.
    expect((await api(s.url, 'POST', '/api/windows/win_4/call-next', undefined, c4)).body.ticket.id).toBe(a1.id);
    expect((await api(s.url, 'POST', '/api/windows/win_4/call-next', undefined, c4)).body.ticket.id).toBe(b1.id);
  });

  it('过号重排 over HTTP: a clerk re-queues a no-show', async () => {
    const t = await issue('cat_F');
    const c3 = bearer(await login(s.url, 'clerk03'));
    expect((await api(s.url, 'POST', '/api/windows/win_3/open', undefined, c3)).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_3/call-next', undefined, c3)).body.ticket.id).toBe(t.id);
    expect((await api(s.url, 'POST', '/api/windows/win_3/no-show', undefined, c3)).body.ticket.status).toBe('no_show');
    const back = await api(s.url, 'POST', `/api/tickets/${t.id}/requeue`, undefined, c3);
    expect(back.status).toBe(200);
    expect(back.body.ticket).toMatchObject({ id: t.id, status: 'waiting' });
    expect((await api(s.url, 'POST', `/api/tickets/${t.id}/requeue`, undefined, c3)).body.error.code).toBe('INVALID_STATE');
  });
});

describe('挂起 over HTTP: the console lists what is suspended at its window', () => {
  let s: TestServer;
  let c6: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    c6 = bearer(await login(s.url, 'clerk06'));
    await api(s.url, 'POST', '/api/windows/win_6/open', undefined, c6);
  });
  afterAll(() => s.close());

  it('suspend puts the ticket in the list, resume-ticket takes it out', async () => {
    const c1 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body;
    const c2 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body;
    await api(s.url, 'POST', '/api/windows/win_6/call-next', undefined, c6);
    expect((await api(s.url, 'POST', '/api/windows/win_6/suspend', undefined, c6)).body.ticket).toMatchObject({ id: c1.id, status: 'suspended' });
    const list = await api(s.url, 'GET', '/api/windows/win_6/suspended', undefined, c6);
    expect(list.body.map((t: { number: string }) => t.number)).toEqual(['C001']);
    expect((await api(s.url, 'GET', '/api/windows/win_6/suspended')).status).toBe(401);

    // Meanwhile the window serves the next one; the suspended one comes back once it is done.
    expect((await api(s.url, 'POST', '/api/windows/win_6/call-next', undefined, c6)).body.ticket.id).toBe(c2.id);
    expect((await api(s.url, 'POST', '/api/windows/win_6/resume-ticket', { ticketId: c1.id }, c6)).body.error.code).toBe('WINDOW_BUSY');
    await api(s.url, 'POST', '/api/windows/win_6/complete', undefined, c6);
    expect((await api(s.url, 'POST', '/api/windows/win_6/resume-ticket', { ticketId: c1.id }, c6)).body.ticket).toMatchObject({ id: c1.id, status: 'serving' });
    expect((await api(s.url, 'GET', '/api/windows/win_6/suspended', undefined, c6)).body).toEqual([]);
  });
});

describe('取消 from the phone', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('a waiting ticket is given up: the queue shrinks, the ticket stays in the records, a second cancel is 409', async () => {
    const a1 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    const a2 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    expect(a2.waitingAhead).toBe(1);
    const holds = (t: { key: string }) => ({ 'x-ticket-key': t.key });
    const r = await api(s.url, 'POST', `/api/tickets/${a1.id}/cancel`, undefined, holds(a1));
    expect(r.body.ticket).toMatchObject({ id: a1.id, status: 'cancelled' });
    expect((await api(s.url, 'GET', `/api/tickets/${a2.id}`, undefined, holds(a2))).body.waitingAhead).toBe(0);
    expect((await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A').waiting).toBe(1);
    expect((await api(s.url, 'GET', `/api/tickets/${a1.id}`, undefined, holds(a1))).body.status).toBe('cancelled');
    const again = await api(s.url, 'POST', `/api/tickets/${a1.id}/cancel`, undefined, holds(a1));
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect((await api(s.url, 'POST', '/api/tickets/nope/cancel', undefined, { 'x-ticket-key': 'A'.repeat(24) })).status).toBe(404);
    expect((await api(s.url, 'POST', '/api/tickets/nope/cancel')).status).toBe(401);
  });
});
