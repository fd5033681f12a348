import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

describe('好差评: one rating per served ticket; bad ones are followed up', () => {
  let s: TestServer;
  let clerk: Record<string, string>;
  let manager: Record<string, string>;
  const clock = new ManualClock(Date.parse('2026-11-20T10:00:00+08:00')); // a Friday

  beforeAll(async () => {
    s = await startServer({ clock });
    clerk = bearer(await login(s.url, 'clerk01'));
    manager = bearer(await login(s.url, 'manager'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
  });
  afterAll(() => s.close());

  const serve = async () => {
    const t = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
    await api(s.url, 'POST', '/api/windows/win_1/start', undefined, clerk);
    await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk);
    return t as { id: string; number: string; key: string };
  };
  /** The holder's phone: the key from the ticket's QR. */
  const holds = (t: { key: string }) => ({ 'x-ticket-key': t.key });

  it('rates a served ticket once; a second rating is ALREADY_RATED', async () => {
    const t = await serve();
    const r = await api(s.url, 'POST', `/api/tickets/${t.id}/rating`, { score: 5, tags: ['态度好'] }, holds(t));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ score: 5, label: '非常满意' });
    const again = await api(s.url, 'POST', `/api/tickets/${t.id}/rating`, { score: 1 }, holds(t));
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_RATED']);
    const list = await api(s.url, 'GET', '/api/halls/demo/ratings', undefined, manager);
    expect(list.body[0]).toMatchObject({ ticketNumber: t.number, score: 5, windowNo: 1, staffName: '李晓梅', followUp: { status: 'none', due: null } });
  });

  it('a bad rating opens a follow-up due in 5 working days; the manager closes it', async () => {
    const t = await serve();
    expect((await api(s.url, 'POST', `/api/tickets/${t.id}/rating`, { score: 2, comment: '等太久' }, holds(t))).status).toBe(201);
    const open = await api(s.url, 'GET', '/api/halls/demo/ratings?followUp=open', undefined, manager);
    expect(open.body).toHaveLength(1);
    expect(open.body[0]).toMatchObject({ score: 2, label: '不满意', comment: '等太久', followUp: { status: 'open', due: '2026-11-27', overdue: false } });

    clock.set('2026-11-28T09:00:00+08:00');
    manager = bearer(await login(s.url, 'manager'));
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings?followUp=open', undefined, manager)).body[0].followUp.overdue).toBe(true);
    const closed = await api(s.url, 'POST', `/api/ratings/${open.body[0].id}/follow-up`, { result: '已电话回访，增开窗口' }, manager);
    expect(closed.body.followUp).toMatchObject({ status: 'closed', result: '已电话回访，增开窗口', overdue: false });
    expect((await api(s.url, 'POST', `/api/ratings/${open.body[0].id}/follow-up`, { result: '再次' }, manager)).body.error.code).toBe('NO_OPEN_FOLLOW_UP');
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings?followUp=open', undefined, manager)).body).toEqual([]);
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings?date=2026-11-20', undefined, manager)).body).toHaveLength(2);
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings?date=2026-11-28', undefined, manager)).body).toEqual([]);
  });

  it('refuses bad input: unserved ticket, score out of range, unknown ticket, clerk listing', async () => {
    clerk = bearer(await login(s.url, 'clerk01'));
    const waiting = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' })).body;
    const cases: Array<[string, unknown, number, string]> = [
      [waiting.id, { score: 5 }, 409, 'NOT_SERVED'],
      [waiting.id, { score: 6 }, 400, 'VALIDATION_FAILED'],
      [waiting.id, { score: '5' }, 400, 'VALIDATION_FAILED'],
      [waiting.id, { score: 3, extra: 1 }, 400, 'VALIDATION_FAILED'],
      ['no-such-ticket', { score: 3 }, 404, 'TICKET_NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const r = await api(s.url, 'POST', `/api/tickets/${id}/rating`, body, holds(waiting));
      expect([r.status, r.body.error.code]).toEqual([status, code]);
    }
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings', undefined, clerk)).status).toBe(403);
  });
});
