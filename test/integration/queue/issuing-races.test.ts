import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';

describe('issuing under concurrency', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  const issuedToday = async (categoryId: string) =>
    (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === categoryId).issuedToday as number;

  it('50 parallel issues in one category: unique, gap-free numbers 001..050', async () => {
    const rs = await Promise.all(Array.from({ length: 50 }, () => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' })));
    expect(rs.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = rs.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `D${String(i + 1).padStart(3, '0')}`));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(50);
    expect(await issuedToday('cat_D')).toBe(50);
    // waitingAhead is consistent with the number: D0nn has nn-1 ahead.
    for (const r of rs) expect(r.body.waitingAhead).toBeLessThan(Number(r.body.number.slice(1)));
  });

  it('a double tap (same Idempotency-Key, concurrently) issues one ticket; another key issues a new one', async () => {
    const tap = (key: string, categoryId = 'cat_E') => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId }, { 'idempotency-key': key });
    const [a, b] = await Promise.all([tap('kiosk-3:tap-1'), tap('kiosk-3:tap-1')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.number).toBe('E001');
    const replayed = [a, b].map((r) => r.headers.get('idempotent-replayed'));
    expect(replayed.filter((h) => h === 'true')).toHaveLength(1);
    expect(replayed.filter((h) => h === null)).toHaveLength(1);
    expect(await issuedToday('cat_E')).toBe(1);

    // A later retry with the same key returns the first result and changes nothing; the same key
    // with another body is refused (it would otherwise answer a request it never saw).
    const retry = await tap('kiosk-3:tap-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ ...a.body, waitingAhead: retry.body.waitingAhead, estimatedWaitMinutes: retry.body.estimatedWaitMinutes });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const reused = await tap('kiosk-3:tap-1', 'cat_F');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await issuedToday('cat_F')).toBe(0);

    const other = await tap('kiosk-3:tap-2');
    expect(other.status).toBe(201);
    expect(other.body.number).toBe('E002');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await issuedToday('cat_E')).toBe(2);
    const rows = await s.app.db.selectFrom('tickets').select('number').where('category_id', '=', 'cat_E').orderBy('seq').execute();
    expect(rows.map((r) => r.number)).toEqual(['E001', 'E002']);
  });

  it('a double tap on call-next calls one ticket', async () => {
    const token = await login(s.url, 'clerk06');
    expect((await api(s.url, 'POST', '/api/windows/win_6/open', undefined, bearer(token))).status).toBe(200);
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' });
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' });
    const press = () => api(s.url, 'POST', '/api/windows/win_6/call-next', undefined, { ...bearer(token), 'idempotency-key': 'keypad-6-press-1' });
    const [a, b] = await Promise.all([press(), press()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.ticket.number).toBe('C001');
    expect(b.body.ticket.id).toBe(a.body.ticket.id);
    const c = await s.app.db.selectFrom('tickets').select(['number', 'status']).where('category_id', '=', 'cat_C').orderBy('seq').execute();
    expect(c).toEqual([{ number: 'C001', status: 'called' }, { number: 'C002', status: 'waiting' }]);
  });
});
