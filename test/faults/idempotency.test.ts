import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';
import { ticketCount } from '../helpers/queue.ts';

// Measured before: every anonymous caller shared one scope, so a second phone sending the key of
// the first got the first phone's ticket back (its id opens the ticket page and its rating).
describe('Idempotency-Key is the caller\'s own: never someone else\'s answer', () => {
  let s: TestServer;
  let admin: string;
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00+08:00'));
  const issue = (body: object, headers: Record<string, string>) => api(s.url, 'POST', '/api/halls/demo/tickets', body, headers);
  const keyRows = async () => s.app.db.selectFrom('idempotency_keys').select(['scope', 'key']).execute();

  beforeAll(async () => {
    s = await startServer({ clock });
    admin = await login(s.url, 'admin');
  });
  afterAll(() => s.close());

  const kiosk = async (name: string) => (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name }, bearer(admin))).body.token as string;

  it('two kiosks sending the same key each get their own ticket, and their own on a retry', async () => {
    const [a, b] = [await kiosk('东门取号机'), await kiosk('西门取号机')];
    const key = 'same-key-two-kiosks';
    const first = await issue({ categoryId: 'cat_A' }, { 'x-device-token': a, 'idempotency-key': key });
    const second = await issue({ categoryId: 'cat_A' }, { 'x-device-token': b, 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.number).not.toBe(first.body.number);
    const retryA = await issue({ categoryId: 'cat_A' }, { 'x-device-token': a, 'idempotency-key': key });
    const retryB = await issue({ categoryId: 'cat_A' }, { 'x-device-token': b, 'idempotency-key': key });
    expect([retryA.body.id, retryB.body.id]).toEqual([first.body.id, second.body.id]);
    expect(retryA.headers.get('idempotent-replayed')).toBe('true');
  });

  it('two staff accounts sending the same key each act for themselves', async () => {
    const manager = await login(s.url, 'manager');
    const key = 'same-key-two-staff';
    const byAdmin = await issue({ categoryId: 'cat_B' }, { ...bearer(admin), 'idempotency-key': key });
    const byManager = await issue({ categoryId: 'cat_B' }, { ...bearer(manager), 'idempotency-key': key });
    expect([byAdmin.status, byManager.status]).toEqual([201, 201]);
    expect(byManager.body.id).not.toBe(byAdmin.body.id);
  });

  it('two anonymous pages (each with its own X-Client-Id) sending the same key get their own tickets', async () => {
    const key = 'same-key-two-phones';
    const phone1 = { 'x-client-id': 'phone-one-aaaaaaaaaaaa', 'idempotency-key': key };
    const phone2 = { 'x-client-id': 'phone-two-bbbbbbbbbbbb', 'idempotency-key': key };
    const t1 = await issue({ categoryId: 'cat_A' }, phone1);
    const t2 = await issue({ categoryId: 'cat_A' }, phone2);
    expect([t1.status, t2.status]).toEqual([201, 201]);
    expect(t2.body.id).not.toBe(t1.body.id);
    // A double tap on the first phone is still one ticket.
    const before = await ticketCount(s);
    const again = await issue({ categoryId: 'cat_A' }, phone1);
    expect(again.body.id).toBe(t1.body.id);
    expect(await ticketCount(s)).toBe(before);
    // Without an X-Client-Id the caller is its address: not the phones' scope either.
    const bare = await issue({ categoryId: 'cat_A' }, { 'idempotency-key': key });
    expect(bare.status).toBe(201);
    expect([t1.body.id, t2.body.id]).not.toContain(bare.body.id);
    expect((await issue({ categoryId: 'cat_A' }, { 'idempotency-key': key })).body.id).toBe(bare.body.id);
  });

  it('a malformed X-Client-Id is a 400 and issues nothing', async () => {
    const before = await ticketCount(s);
    const r = await issue({ categoryId: 'cat_A' }, { 'x-client-id': 'short', 'idempotency-key': 'k-bad-client' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_CLIENT_ID');
    expect(await ticketCount(s)).toBe(before);
  });

  it('the same key with another body, or on another ticket, is 422 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const me = { 'x-client-id': 'phone-three-cccccccccc', 'idempotency-key': 'key-reused' };
    const t = await issue({ categoryId: 'cat_A' }, me);
    expect(t.status).toBe(201);
    const before = await ticketCount(s);
    const other = await issue({ categoryId: 'cat_B' }, me);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ticketCount(s)).toBe(before);
    // Keys in another order are the same body: a replay, not a refusal.
    const u = await issue({ categoryId: 'cat_C', priority: 'elderly' }, { ...me, 'idempotency-key': 'key-order' });
    expect((await issue({ priority: 'elderly', categoryId: 'cat_C' }, { ...me, 'idempotency-key': 'key-order' })).body.id).toBe(u.body.id);

    // Route parameters are part of the request: cancelling another ticket with the key is refused.
    const cancel = (ticket: { body: { id: string; key: string } }) =>
      api(s.url, 'POST', `/api/tickets/${ticket.body.id}/cancel`, undefined, { ...me, 'idempotency-key': 'key-cancel', 'x-ticket-key': ticket.body.key });
    expect((await cancel(t)).status).toBe(200);
    const refused = await cancel(u);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await api(s.url, 'GET', `/api/tickets/${u.body.id}`, undefined, { 'x-ticket-key': u.body.key })).body.status).toBe('waiting');
  });

  it('keys past 24 h are deleted by the day-end run; younger ones stay', async () => {
    await issue({ categoryId: 'cat_D' }, { 'x-client-id': 'phone-four-dddddddddddd', 'idempotency-key': 'young' });
    expect((await keyRows()).length).toBeGreaterThan(5);
    clock.advance(20 * 3600_000);
    await issue({ categoryId: 'cat_D' }, { 'x-client-id': 'phone-four-dddddddddddd', 'idempotency-key': 'next-day' });
    await s.app.closePastDays();
    // Nothing is 24 h old yet.
    expect((await keyRows()).map((r) => r.key)).toContain('same-key-two-kiosks');
    clock.advance(5 * 3600_000);
    await s.app.closePastDays();
    expect((await keyRows()).map((r) => r.key)).toEqual(['next-day']);
  });
});
