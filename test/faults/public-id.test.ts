import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';
import { connectionRefusal, connectRecorder, type Recorder } from '../helpers/queue.ts';
import { until } from '../helpers/wait.ts';

/**
 * Issue 6, "the public ticket id is not a key": what anonymous screens receive names tickets by
 * number only, and reading, cancelling and rating a ticket need the secret in its QR (or, for
 * the window's evaluator, a device credential of that window).
 */
describe('the public ticket id is not a key', () => {
  const clock = new ManualClock(Date.parse('2026-11-20T10:00:00+08:00'));
  let s: TestServer;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let clerk1: Record<string, string>;
  let clerk2: Record<string, string>;
  let kiosk: Record<string, string>;
  let evaluator1: Record<string, string>;
  let keypad1: Record<string, string>;

  const device = async (body: Record<string, unknown>) => {
    const r = await api(s.url, 'POST', '/api/devices', { hallId: 'demo', ...body }, admin);
    expect(r.status).toBe(201);
    return { 'x-device-token': r.body.token as string };
  };
  const issue = async (headers: Record<string, string> = {}, categoryId = 'cat_A') => {
    const r = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId }, headers);
    expect(r.status).toBe(201);
    expect(r.body.key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    return r.body as { id: string; number: string; key: string };
  };
  const post = async (win: string, action: string, who: Record<string, string>, body?: unknown) => {
    const r = await api(s.url, 'POST', `/api/windows/${win}/${action}`, body, who);
    expect(r.status, `${action} at ${win}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };
  /** 指定叫号 then 办结: the test decides which ticket each window serves. */
  const serve = async (win: string, who: Record<string, string>, t: { id: string }) => {
    expect((await post(win, 'call', who, { ticketId: t.id })).ticket.id).toBe(t.id);
    await post(win, 'complete', who);
  };
  const ratingsCount = async () => Number((await s.app.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const openFollowUps = async () => (await api(s.url, 'GET', '/api/halls/demo/ratings?followUp=open', undefined, manager)).body as unknown[];

  beforeAll(async () => {
    s = await startServer({ clock });
    admin = bearer(await login(s.url, 'admin'));
    manager = bearer(await login(s.url, 'manager'));
    clerk1 = bearer(await login(s.url, 'clerk01'));
    clerk2 = bearer(await login(s.url, 'clerk02'));
    kiosk = await device({ kind: 'kiosk', name: '1号取号机' });
    evaluator1 = await device({ kind: 'evaluator', name: '1号窗口评价器', windowId: 'win_1' });
    keypad1 = await device({ kind: 'keypad', name: '1号窗口呼叫器', windowId: 'win_1' });
    await post('win_1', 'open', clerk1);
    await post('win_2', 'open', clerk2);
  });
  afterAll(() => s.close());

  it("anonymous screens and views see a day's flow by numbers only; staff see ids", async () => {
    const display = await connectRecorder(s.url, { hallId: 'demo', role: 'display' });
    const kioskSocket = await connectRecorder(s.url, { hallId: 'demo', role: 'kiosk' });
    const staff = await connectRecorder(s.url, { hallId: 'demo', role: 'window', windowId: 'win_2', token: clerk2.authorization.slice(7) });
    const anonymousHttp: unknown[] = [];
    const look = async () => {
      for (const url of ['/api/halls/demo', '/api/windows/win_1', '/api/windows/win_2']) anonymousHttp.push((await api(s.url, 'GET', url)).body);
    };
    const sockets: Recorder[] = [display, kioskSocket];
    const lastSeq = () => Math.max(...staff.events.filter((e) => typeof e.msg?.seq === 'number').map((e) => e.msg.seq), 0);

    const a = await issue(kiosk);
    const b = await issue();
    await issue(kiosk);
    await look();
    const first = (await post('win_1', 'call-next', clerk1)).ticket;
    expect(first.id).toBe(a.id);
    await post('win_1', 'recall', clerk1);
    await look();
    await post('win_1', 'transfer', clerk1, { windowId: 'win_2' });
    expect((await post('win_2', 'call-next', clerk2)).ticket.id).toBe(a.id);
    await post('win_2', 'start', clerk2);
    await look();
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string }>).find((m) => m.categoryId === 'cat_A')!;
    const accepted = await api(s.url, 'POST', '/api/windows/win_2/cases', { matterId: matter.id, applicantName: '王五' }, clerk2);
    expect(accepted.status).toBe(201);
    await post('win_2', 'complete', clerk2);
    expect((await post('win_1', 'call-next', clerk1)).ticket.id).toBe(b.id);
    await look();
    // A screen that starts now: a snapshot with today's calls and a window with a current ticket.
    const late = await connectRecorder(s.url, { hallId: 'demo', role: 'display' });
    sockets.push(late);
    expect(late.snapshot.recentCalls.length).toBeGreaterThanOrEqual(3);
    expect(late.snapshot.hall.windows.find((w: { id: string }) => w.id === 'win_1').currentTicket).toEqual({ number: b.number, status: 'called' });
    await post('win_1', 'no-show', clerk1);
    await look();
    // Every message is in: the anonymous sockets reached the staff socket's last seq.
    const seq = lastSeq();
    for (const r of sockets) await until(() => r.events.some((e) => e.msg?.seq === seq));

    const ids = [
      ...(await s.app.db.selectFrom('tickets').select('id').execute()).map((r) => r.id),
      ...(await s.app.db.selectFrom('cases').select('id').execute()).map((r) => r.id),
      a.key, b.key,
    ];
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const anonymous = JSON.stringify([...sockets.map((r) => [r.snapshot, r.events]), anonymousHttp]);
    expect(anonymous).toContain(a.number); // it did see the flow ...
    expect(anonymous).toContain('"recall":true');
    for (const id of ids) expect(anonymous, `anonymous data carries ${id}`).not.toContain(id); // ... by numbers only
    // The staff side did get ids: the search above looks for what is really there.
    const calls = staff.events.filter((e) => e.event === 'call');
    expect(calls.map((e) => e.msg.ticketId)).toContain(a.id);
    expect(staff.events.filter((e) => e.event !== 'snapshot').map((e) => e.msg.seq)).toEqual(display.events.filter((e) => e.event !== 'snapshot').map((e) => e.msg.seq));
    expect((await api(s.url, 'GET', '/api/windows/win_1', undefined, clerk1)).body.currentTicket).toBeNull();
    for (const r of [...sockets, staff]) r.close();
  });

  it('a forged rating with the public id or the number is refused and opens nothing; the holder then rates', async () => {
    const mine = await issue();
    await serve('win_1', clerk1, mine);
    const before = await ratingsCount();
    const forged: Array<[string, Record<string, string>, number, string]> = [
      [mine.id, {}, 401, 'TICKET_KEY_REQUIRED'],
      [mine.id, { 'x-ticket-key': 'A'.repeat(24) }, 403, 'TICKET_KEY_INVALID'],
      [mine.id, { 'x-ticket-key': mine.key.slice(0, -1) }, 403, 'TICKET_KEY_INVALID'],
      [mine.number, { 'x-ticket-key': mine.key }, 404, 'TICKET_NOT_FOUND'],
      [mine.id, kiosk, 403, 'TICKET_KEY_REQUIRED'],
      [mine.id, keypad1, 403, 'TICKET_KEY_REQUIRED'],
      [mine.id, clerk1, 401, 'TICKET_KEY_REQUIRED'],
    ];
    for (const [id, headers, status, code] of forged) {
      const r = await api(s.url, 'POST', `/api/tickets/${encodeURIComponent(id)}/rating`, { score: 1, comment: '伪造' }, headers);
      expect([r.status, r.body.error.code], JSON.stringify(headers)).toEqual([status, code]);
    }
    expect(await ratingsCount()).toBe(before);
    expect(await openFollowUps()).toEqual([]);
    const real = await api(s.url, 'POST', `/api/tickets/${mine.id}/rating`, { score: 2, comment: '等太久' }, { 'x-ticket-key': mine.key });
    expect([real.status, real.body.label]).toEqual([201, '不满意']);
    expect(await openFollowUps()).toHaveLength(1);
  });

  it('reading, following and leaving the queue need the key; staff read with their token', async () => {
    const mine = await issue();
    const holder = { 'x-ticket-key': mine.key };
    expect((await api(s.url, 'GET', `/api/tickets/${mine.id}`)).body.error.code).toBe('TICKET_KEY_REQUIRED');
    expect((await api(s.url, 'GET', `/api/tickets/${mine.id}`, undefined, { 'x-ticket-key': 'nope' })).status).toBe(403);
    expect((await api(s.url, 'GET', `/api/tickets/${mine.id}/receipt`)).status).toBe(401);
    const got = await api(s.url, 'GET', `/api/tickets/${mine.id}`, undefined, holder);
    expect([got.status, got.body.number, got.body.key]).toEqual([200, mine.number, undefined]);
    expect((await api(s.url, 'GET', `/api/tickets/${mine.id}`, undefined, clerk1)).status).toBe(200);

    expect((await connectionRefusal(s.url, { hallId: 'demo', role: 'ticket', ticketId: mine.id })).data?.code).toBe('TICKET_KEY_REQUIRED');
    expect((await connectionRefusal(s.url, { hallId: 'demo', role: 'ticket', ticketId: mine.id, ticketKey: 'x'.repeat(24) })).data?.code).toBe('TICKET_KEY_INVALID');
    const phone = await connectRecorder(s.url, { hallId: 'demo', role: 'ticket', ticketId: mine.id, ticketKey: mine.key });
    expect(phone.snapshot.ticket).toMatchObject({ id: mine.id, status: 'waiting' });

    const refused = await api(s.url, 'POST', `/api/tickets/${mine.id}/cancel`, {});
    expect([refused.status, refused.body.error.code]).toEqual([401, 'TICKET_KEY_REQUIRED']);
    expect((await api(s.url, 'GET', `/api/tickets/${mine.id}`, undefined, holder)).body.status).toBe('waiting');
    const cancelled = await api(s.url, 'POST', `/api/tickets/${mine.id}/cancel`, {}, holder);
    expect([cancelled.status, cancelled.body.ticket.status]).toEqual([200, 'cancelled']);
    await phone.waitFor((e) => e.event === 'ticket' && e.msg.status === 'cancelled');
    phone.close();
  });

  it("the evaluator rates only its window's just-completed ticket, once", async () => {
    const older = await issue();
    const elsewhere = await issue();
    const last = await issue();
    const follower = await issue();
    await serve('win_1', clerk1, older);
    await serve('win_2', clerk2, elsewhere);
    // "Next" completes the current ticket and calls another: the evaluator rates the completed one.
    await post('win_1', 'call', clerk1, { ticketId: last.id });
    await post('win_1', 'call', clerk1, { ticketId: follower.id });
    const rateable = await api(s.url, 'GET', '/api/windows/win_1/rateable', undefined, evaluator1);
    expect([rateable.status, rateable.body.number, rateable.body.ticketId]).toEqual([200, last.number, last.id]);

    const refused: Array<[string, Record<string, string>, string]> = [
      [older.id, evaluator1, 'NOT_JUST_COMPLETED'],
      [elsewhere.id, evaluator1, 'NOT_THIS_WINDOW'],
      [last.id, keypad1, 'TICKET_KEY_REQUIRED'],
      [last.id, kiosk, 'TICKET_KEY_REQUIRED'],
    ];
    for (const [id, headers, code] of refused) {
      const r = await api(s.url, 'POST', `/api/tickets/${id}/rating`, { score: 1 }, headers);
      expect([r.status, r.body.error.code]).toEqual([403, code]);
    }
    expect((await api(s.url, 'GET', '/api/windows/win_2/rateable', undefined, evaluator1)).body.error.code).toBe('NOT_THIS_WINDOW');
    expect((await api(s.url, 'GET', '/api/windows/win_1/rateable')).body.error.code).toBe('DEVICE_TOKEN_REQUIRED');
    expect((await api(s.url, 'GET', '/api/windows/win_1/rateable', undefined, keypad1)).status).toBe(403);

    const rated = await api(s.url, 'POST', `/api/tickets/${last.id}/rating`, { score: 5 }, evaluator1);
    expect(rated.status).toBe(201);
    expect((await api(s.url, 'POST', `/api/tickets/${last.id}/rating`, { score: 1 }, evaluator1)).body.error.code).toBe('ALREADY_RATED');
    expect((await api(s.url, 'GET', '/api/windows/win_1/rateable', undefined, evaluator1)).status).toBe(204);
    // The holders of the other two still rate from their phones.
    expect((await api(s.url, 'POST', `/api/tickets/${older.id}/rating`, { score: 4 }, { 'x-ticket-key': older.key })).status).toBe(201);

    // Long after the window completed it, the counter no longer rates it (the citizen has gone).
    const late = await issue();
    await serve('win_1', clerk1, late);
    clock.advance(16 * 60_000);
    expect((await api(s.url, 'GET', '/api/windows/win_1/rateable', undefined, evaluator1)).status).toBe(204);
    expect((await api(s.url, 'POST', `/api/tickets/${late.id}/rating`, { score: 1 }, evaluator1)).body.error.code).toBe('NOT_JUST_COMPLETED');
  });

  it('a ticket from before the keys existed no longer opens on a phone; the evaluator still rates it', async () => {
    const old = await issue();
    await s.app.db.updateTable('tickets').set({ key_hash: null }).where('id', '=', old.id).execute();
    expect((await api(s.url, 'GET', `/api/tickets/${old.id}`, undefined, { 'x-ticket-key': old.key })).body.error.code).toBe('TICKET_KEY_INVALID');
    await serve('win_1', clerk1, old);
    expect((await api(s.url, 'POST', `/api/tickets/${old.id}/rating`, { score: 3 }, { 'x-ticket-key': old.key })).status).toBe(403);
    expect((await api(s.url, 'POST', `/api/tickets/${old.id}/rating`, { score: 3 }, evaluator1)).status).toBe(201);
  });

  it('a reprint carries a new key: the lost copy stops working, the reprint works', async () => {
    const t = await issue(kiosk);
    const r = await api(s.url, 'POST', `/api/tickets/${t.id}/reprint`, undefined, kiosk);
    expect(r.status).toBe(201);
    const key = r.body.ticket.key as string;
    expect(key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(key).not.toBe(t.key);
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`, undefined, { 'x-ticket-key': t.key })).status).toBe(403);
    expect((await api(s.url, 'GET', `/api/tickets/${t.id}`, undefined, { 'x-ticket-key': key })).status).toBe(200);
  });

  it('a case is looked up with its slip (pickup code), never by the bare number; guessing fails', async () => {
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string }>).find((m) => m.categoryId === 'cat_A')!;
    const accepted = (await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: matter.id, applicantName: '赵六' }, clerk1)).body as { caseNo: string; pickupCode: string };
    const bare = await api(s.url, 'GET', `/api/cases/${accepted.caseNo}`);
    const unknown = await api(s.url, 'GET', '/api/cases/SL209901010001');
    // The same answer as an unknown number: existence is not revealed.
    expect([bare.status, bare.body.error.code]).toEqual([401, 'PICKUP_CODE_REQUIRED']);
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'PICKUP_CODE_REQUIRED']);
    expect((await api(s.url, 'GET', `/api/cases/${accepted.caseNo}`, undefined, { 'x-pickup-code': 'ABCDEFGH' })).status).toBe(404);
    const withCode = await api(s.url, 'GET', `/api/cases/${accepted.caseNo}`, undefined, { 'x-pickup-code': accepted.pickupCode.toLowerCase() });
    expect([withCode.status, withCode.body.caseNo, withCode.body.status]).toEqual([200, accepted.caseNo, 'accepted']);
    expect(JSON.stringify(withCode.body)).not.toContain(accepted.pickupCode); // the answer does not hand the code back
    expect((await api(s.url, 'GET', `/api/cases/${accepted.caseNo}`, undefined, clerk2)).status).toBe(200);

    // 40 guesses of sequential numbers (today's and the next ones), bare and with made-up codes: none answers.
    const day = accepted.caseNo.slice(0, 10);
    let hits = 0;
    for (let i = 1; i <= 40; i++) {
      const no = `${day}${String(i).padStart(4, '0')}`;
      for (const headers of [{}, { 'x-pickup-code': `GUESS${String(i).padStart(3, '0')}` }] as Array<Record<string, string>>) {
        if ((await api(s.url, 'GET', `/api/cases/${no}`, undefined, headers)).status === 200) hits++;
      }
    }
    expect(hits).toBe(0);
  });
});
