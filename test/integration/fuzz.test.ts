import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../helpers/server.ts';

/**
 * Every route of the OpenAPI document, hit with junk: wrong types, huge and odd strings, unknown
 * ids, arrays for objects, as a stranger and as staff. The server answers 4xx in the contract's
 * shape and keeps running; nothing it answers is a 5xx.
 */
const JUNK: unknown[] = [
  null, 0, -1, 1e308, true, 'x', '', ' ', '\u0000', '中文', '../../etc/passwd', "' OR 1=1 --", '<script>', 'x'.repeat(5000),
  [], [1, 2], {}, { a: { b: { c: [] } } }, { score: '5' }, { categoryId: ['cat_A'] }, { categoryId: 'cat_A', priority: 'vip' },
  { status: 'done' }, { ticketId: 42 }, { printerUri: 'tcp://' }, { result: 'ok'.repeat(2000) }, { date: '2026-02-30', slotStart: '99:99', categoryId: 'cat_B' },
];
const PARAMS = ['demo', 'win_1', 'nope', '%E4%B8%AD', 'x'.repeat(90), '..', '0', "a'b"];

describe('fuzzing every route', () => {
  let s: TestServer;
  let routes: Array<{ method: string; path: string }>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    const doc = (await api(s.url, 'GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
    staff = bearer(await login(s.url, 'admin'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, staff);
  });
  afterAll(() => s.close());

  it('answers junk with 4xx in the contract shape, never 5xx', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const fivexx: string[] = [];
    let n = 0;
    for (const r of routes) {
      if (r.path.startsWith('/docs')) continue;
      for (const [i, p] of PARAMS.entries()) {
        const url = r.path.replace(/\{[^}]+\}/g, p).replace(/:(\w+)/g, p);
        const bodies = r.method === 'GET' ? [undefined] : [JUNK[(i * 7) % JUNK.length], JUNK[(i * 7 + 3) % JUNK.length], JUNK[(i * 7 + 5) % JUNK.length]];
        for (const body of bodies) {
          for (const headers of [{}, staff]) {
            const q = i % 2 ? '?width=999&date=bad&categoryId=&status=nope&waitMs=-5' : '';
            const res = await api(s.url, r.method, url + q, body === undefined ? undefined : JSON.stringify(body), { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
            n++;
            if (res.status >= 500) fivexx.push(`${r.method} ${url}${q} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
            if (res.status >= 400 && !(res.headers.get('content-type') ?? '').includes('octet')) {
              expect(res.body?.error?.code, `${r.method} ${url}`).toEqual(expect.any(String));
            }
          }
        }
      }
    }
    expect(fivexx).toEqual([]);
    expect(n).toBeGreaterThan(500);
    expect((await api(s.url, 'GET', '/api/health')).body).toEqual({ status: 'ok' });
  }, 120_000);
});
