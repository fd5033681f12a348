import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';
import { until } from '../../helpers/wait.ts';
import { retryDelayMs, verifySignature } from '../../../server/domain/webhook.ts';

/** A real receiver on loopback: records every request; answers 500 while `failNext` > 0. */
function receiver() {
  const got: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const state = { failNext: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      if (state.failNext > 0) {
        state.failNext -= 1;
        res.writeHead(500).end('gateway down');
      } else res.writeHead(204).end();
    });
  });
  return { got, state, server, listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))) };
}

const SECRET = 'a-hall-secret-of-some-length';

describe('webhooks: signed, delivered after commit from the outbox, retried after a 500, logged', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let clerk: Record<string, string>;
  const clock = new ManualClock(Date.parse('2026-11-20T16:30:00+08:00')); // a Friday afternoon
  const rx = receiver();
  let hookUrl = '';

  beforeAll(async () => {
    hookUrl = await rx.listen();
    s = await startServer({ clock });
    admin = bearer(await login(s.url, 'admin'));
    clerk = bearer(await login(s.url, 'clerk01'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
  });
  afterAll(async () => {
    await s.close();
    rx.server.close();
  });

  const deliveries = async () => (await api(s.url, 'GET', '/api/halls/demo/webhooks/deliveries', undefined, admin)).body as any[];
  const verified = (r: { headers: http.IncomingHttpHeaders; body: string }) =>
    verifySignature(SECRET, Number(r.headers['x-hallq-timestamp']), r.body, String(r.headers['x-hallq-signature']), Math.floor(clock.now() / 1000));

  it('refuses receivers that are not http or https with 400 BAD_WEBHOOK_URL, and a missing secret', async () => {
    for (const url of ['ftp://example.org/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not-a-url', 'http://user:pw@example.org/']) {
      const r = await api(s.url, 'POST', '/api/halls/demo/webhooks', { url, secret: SECRET, events: ['called'] }, admin);
      expect([r.status, r.body.error?.code], url).toEqual([400, 'BAD_WEBHOOK_URL']);
    }
    const spaced = await api(s.url, 'POST', '/api/halls/demo/webhooks', { url: 'http://a b/', secret: SECRET, events: ['called'] }, admin);
    expect(spaced.status).toBe(400);
    const noSecret = await api(s.url, 'POST', '/api/halls/demo/webhooks', { url: hookUrl, events: ['called'] }, admin);
    expect([noSecret.status, noSecret.body.error?.code]).toEqual([400, 'WEBHOOK_FIELDS_REQUIRED']);
    const unknown = await api(s.url, 'POST', '/api/halls/demo/webhooks', { url: hookUrl, secret: SECRET, events: ['everything'] }, admin);
    expect(unknown.status).toBe(400);
    expect((await api(s.url, 'POST', '/api/halls/demo/webhooks', { url: hookUrl, secret: SECRET, events: ['called'] }, clerk)).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/halls/demo/webhooks', undefined, admin)).body).toEqual([]);
  });

  it("a call reaches the receiver signed; a 500 is retried after the backoff; the log shows both tries", async () => {
    const created = await api(s.url, 'POST', '/api/halls/demo/webhooks', { url: hookUrl, secret: SECRET, events: ['called', 'ready_to_collect', 'appointment_tomorrow', 'bad_rating'] }, admin);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    rx.state.failNext = 1;
    const t = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', phone: '13812345678' })).body;
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk)).body.ticket.number).toBe(t.number);

    await until(async () => (await deliveries())[0]?.attempts === 1);
    const [first] = await deliveries();
    expect(first).toMatchObject({ event: 'called', status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    expect(first.tries).toHaveLength(1);
    expect(rx.got).toHaveLength(1);

    // Not due before its backoff: a round now sends nothing.
    await s.app.webhooks.dispatcher.kick();
    expect(rx.got).toHaveLength(1);
    clock.advance(retryDelayMs(1));
    await s.app.webhooks.dispatcher.kick();
    await until(async () => (await deliveries())[0]?.status === 'delivered');
    const [done] = await deliveries();
    expect(done).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204, lastError: null });
    expect(done.tries.map((x: { statusCode: number }) => x.statusCode)).toEqual([500, 204]);

    expect(rx.got).toHaveLength(2);
    for (const r of rx.got) {
      expect(r.headers['x-hallq-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(r.headers['x-hallq-delivery']).toBe(done.id);
      expect(verified(r)).toBe(true);
    }
    const body = JSON.parse(rx.got[1].body);
    expect(body).toMatchObject({ id: done.id, event: 'called', hallId: 'demo', data: { number: t.number, windowNo: 1, recall: false, phone: '****5678' } });
    expect(rx.got[1].body).not.toContain('13812345678');
    // A tampered body, another secret or an old timestamp does not verify: a replay is refused.
    const ts = Number(rx.got[1].headers['x-hallq-timestamp']);
    const sig = String(rx.got[1].headers['x-hallq-signature']);
    expect(verifySignature(SECRET, ts, rx.got[1].body.replace(t.number, 'Z999'), sig, ts)).toBe(false);
    expect(verifySignature('another-secret-entirely', ts, rx.got[1].body, sig, ts)).toBe(false);
    expect(verifySignature(SECRET, ts, rx.got[1].body, sig, ts + 3600)).toBe(false);
  });

  it('ready to collect, 差评 filed and appointment tomorrow each reach the receiver once; nothing personal beyond masks', async () => {
    const before = rx.got.length;
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>;
    const kase = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: matters[0].id, applicantName: '张三', idNumber: '11010519491231002X' }, clerk);
    expect(kase.status).toBe(201);
    expect((await api(s.url, 'POST', `/api/cases/${kase.body.caseNo}/status`, { status: 'decided' }, clerk)).status).toBe(200);

    await api(s.url, 'POST', '/api/windows/win_1/start', undefined, clerk);
    const served = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
    await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk);
    expect((await api(s.url, 'POST', `/api/tickets/${served.id}/rating`, { score: 1, comment: '等太久' }, { 'x-ticket-key': served.key })).status).toBe(201);

    const booked = await api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_B', date: '2026-11-21', slotStart: '10:00', phone: '13900001111' });
    expect(booked.status).toBe(201);
    await s.app.webhooks.sweepReminders();
    await s.app.webhooks.sweepReminders(); // a second sweep queues nothing new

    const want = ['ready_to_collect', 'called', 'bad_rating', 'appointment_tomorrow'];
    await until(() => want.every((e) => rx.got.slice(before).some((r) => JSON.parse(r.body).event === e)));
    await until(async () => (await deliveries()).every((d) => d.status === 'delivered'));
    const bodies = rx.got.slice(before).map((r) => JSON.parse(r.body));
    expect(bodies.filter((b) => b.event === 'appointment_tomorrow')).toHaveLength(1);
    expect(bodies.find((b) => b.event === 'ready_to_collect').data).toMatchObject({ caseNo: kase.body.caseNo, matterName: matters[0].name, idNumber: '****002X' });
    expect(bodies.find((b) => b.event === 'bad_rating').data).toMatchObject({ score: 1, number: served.number, windowNo: 1, comment: '等太久' });
    expect(bodies.find((b) => b.event === 'appointment_tomorrow').data).toMatchObject({ code: booked.body.code, date: '2026-11-21', slotStart: '10:00', phone: '****1111' });
    const raw = rx.got.slice(before).map((r) => r.body).join('\n');
    for (const secret of ['张三', '11010519491231002X', '13900001111']) expect(raw).not.toContain(secret);
    for (const r of rx.got.slice(before)) expect(verified(r)).toBe(true);
  });
});
