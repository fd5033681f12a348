import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest } from '../../helpers/digest.ts';
import { api, bearer, DEMO_PASSWORD, login, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { connectionRefusal, connectRecorder } from '../../helpers/queue.ts';
import { until } from '../../helpers/wait.ts';
import { addStaff, hashPassword } from '../../../server/services/staff.ts';
import { buildApp } from '../../../server/app.ts';
import { readConfig } from '../../../server/config.ts';

/**
 * The walls between halls, generated from the OpenAPI document: every route that touches a thing
 * of a hall is called with credentials of another hall (clerk, manager, admin, kiosk, agent, a
 * manager of another region) against a thing of the demo hall, and must answer 403 OTHER_HALL
 * (every thing named exists) and change nothing. A route added tomorrow is walked the same way.
 */

type Scope = Record<string, string | true>;
interface Op { method: string; path: string; scope: Scope | undefined; hasBody: boolean; security: Array<Record<string, unknown>>; access: string }


const KIND_OF: Record<string, 'bearer' | 'device'> = { clerk: 'bearer', manager: 'bearer', admin: 'bearer', townManager: 'bearer', townAdmin: 'bearer', kiosk: 'device', agent: 'device' };
const RANK_OF: Record<string, number> = { clerk: 1, manager: 2, admin: 3, townManager: 2, townAdmin: 3 };
const RANK: Record<string, number> = { clerk: 1, manager: 2, admin: 3 };

/**
 * What a credential of another hall must get: the wall (403 OTHER_HALL, or SYSTEM_ADMIN_ONLY)
 * wherever the route takes that kind of credential at that role; where it does not (a kiosk on a
 * staff route, a clerk on a manager's), the route's own guard refuses it first, as it would refuse
 * this hall's own kiosk or clerk (401, or 403 ROLE_NOT_ALLOWED): that says so in the document.
 */
function expected(op: Op, who: string): { status: number; code?: string } {
  const kinds = op.security.flatMap((r) => Object.keys(r));
  if (kinds.length > 0 && !kinds.includes(KIND_OF[who]!)) return { status: 401 };
  const min = /\b(clerk|manager|admin)\b/.exec(op.access)?.[1];
  if (KIND_OF[who] === 'bearer' && min && RANK_OF[who]! < RANK[min]!) return { status: 403, code: 'ROLE_NOT_ALLOWED' };
  return { status: 403, code: 'system' in op.scope! ? 'SYSTEM_ADMIN_ONLY' : 'OTHER_HALL' };
}

describe('walls between halls (generated from /docs/json)', () => {
  let s: TestServer;
  let ops: Op[] = [];
  const thing: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const other: Record<string, Record<string, string>> = {};
  let own: { admin: string; clerk: string } = { admin: '', clerk: '' };

  beforeAll(async () => {
    s = await startServer();
    const hash = await hashPassword(DEMO_PASSWORD);
    await s.app.db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'SYS', role: 'admin', password: '', hallId: null }, hash));
    const root = await login(s.url, 'root');
    own = { admin: await login(s.url, 'admin'), clerk: await login(s.url, 'clerk01') };

    // The demo hall's things: a window, a ticket served and rated badly, a case, a print job, its kiosk, a clerk.
    const ticket = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(own.clerk))).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(own.clerk))).status).toBe(200);
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body;
    const kase = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: matters[0].id, applicantName: '张三' }, bearer(own.clerk));
    expect(kase.status).toBe(201);
    expect((await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, bearer(own.clerk))).status).toBe(200);
    const rating = await api(s.url, 'POST', `/api/tickets/${ticket.body.id}/rating`, { score: 1, comment: '太慢' }, { 'x-ticket-key': ticket.body.key });
    expect(rating.status).toBe(201);
    const jobs = (await api(s.url, 'GET', '/api/halls/demo/print-jobs', undefined, bearer(own.admin))).body;
    const devices = (await api(s.url, 'GET', '/api/halls/demo/devices', undefined, bearer(own.admin))).body;
    const staff = (await api(s.url, 'GET', '/api/halls/demo/staff', undefined, bearer(own.admin))).body;
    const booked = await api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_B', date: (await api(s.url, 'GET', '/api/halls/demo')).body.serviceDay, slotStart: '23:30' });
    const proxy = await api(s.url, 'POST', '/api/halls/demo/proxy-cases', { matterId: matters[0].id, applicantName: '李四', materials: [] }, bearer(own.clerk));
    expect(proxy.status).toBe(201);
    const complaint = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: '办不成事', windowId: 'win_1' });
    expect(complaint.status).toBe(201);
    Object.assign(thing, {
      hall: 'demo', window: 'win_1', ticket: ticket.body.id, case: kase.body.caseNo, rating: rating.body.id, printJob: jobs[0].id,
      device: devices[0].id, staff: staff.find((x: { username: string }) => x.username === 'clerk01').id, region: 'qinghe',
      proxyCase: proxy.body.id, proxyTrail: proxy.body.id, proxyNo: proxy.body.proxyNo, complaint: complaint.body.id,
    });
    Object.assign(extra, { hallId: 'demo', windowId: 'win_2', categoryId: 'cat_A', matterId: matters[0].id, code: booked.body.code ?? 'X', id: ticket.body.id, caseNo: kase.body.caseNo, regionId: 'qinghe' });

    // The other hall (东关镇, a town of the same county) with every kind of credential, and a manager of another town.
    const mk = async (username: string, role: string) => {
      const r = await api(s.url, 'POST', '/api/halls/dongguan/staff', { username, name: username, staffNo: username, role, password: DEMO_PASSWORD }, bearer(root));
      expect(r.status).toBe(201);
      return bearer(await login(s.url, username));
    };
    const device = async (kind: string) => {
      const r = await api(s.url, 'POST', '/api/devices', { hallId: 'dongguan', kind, name: kind }, bearer(root));
      expect(r.status).toBe(201);
      return { 'x-device-token': r.body.token as string };
    };
    await s.app.db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'xiyuan-mgr', name: '西园镇主任', staffNo: 'XY001', role: 'manager', password: '', hallId: null, regionId: 'xiyuan' }, hash));
    await s.app.db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'xiyuan-adm', name: '西园镇管理员', staffNo: 'XY002', role: 'admin', password: '', hallId: null, regionId: 'xiyuan' }, hash));
    Object.assign(other, {
      clerk: bearer(await login(s.url, 'dongguan01')),
      manager: await mk('dg-manager', 'manager'),
      admin: await mk('dg-admin', 'admin'),
      kiosk: await device('kiosk'),
      agent: await device('agent'),
      townManager: bearer(await login(s.url, 'xiyuan-mgr')),
      townAdmin: bearer(await login(s.url, 'xiyuan-adm')),
    });

    const doc = (await api(s.url, 'GET', '/docs/json')).body;
    ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path: p, scope: op['x-hallq-scope'], hasBody: !!op.requestBody, security: op.security ?? [], access: op['x-access'] ?? '' })),
    );
    // Print jobs finish in the background; wait so the digest only moves if a request moved it.
    await until(async () => (await api(s.url, 'GET', '/api/halls/demo/print-jobs', undefined, bearer(own.admin))).body.every((j: { status: string }) => j.status === 'done' || j.status === 'failed'));
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The request for an operation: each declared place holds the demo hall's thing of that kind. */
  function request(op: Op) {
    const values: Record<string, string> = { ...extra };
    const body: Record<string, string> = {};
    for (const [kind, where] of Object.entries(op.scope ?? {})) {
      if (typeof where !== 'string') continue;
      const [from, key] = where.split('.');
      if (from === 'params') values[key] = thing[kind];
      if (from === 'body') body[key] = thing[kind];
    }
    const url = op.path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(values[k] ?? 'x'));
    return { url, body: op.hasBody || Object.keys(body).length ? body : undefined };
  }

  it('every route of the document declares what it touches, and the routes of halls are many', () => {
    const api_ = ops.filter((o) => o.path.startsWith('/api/'));
    expect(api_.filter((o) => !o.scope)).toEqual([]);
    expect(api_.filter((o) => !('public' in o.scope! || 'self' in o.scope!)).length).toBeGreaterThan(50);
  });

  it("another hall's clerk, manager, admin, kiosk and agent, and another town's manager and admin, get 403 OTHER_HALL on every thing of this hall, and nothing changes", async () => {
    const before = await dbDigest(s.app.db, ['sessions']);
    const wrong: string[] = [];
    let tried = 0;
    let walled = 0;
    for (const op of ops) {
      if (!op.scope || 'public' in op.scope || 'self' in op.scope) continue;
      const { url, body } = request(op);
      for (const [who, headers] of Object.entries(other)) {
        const r = await api(s.url, op.method, url, body, headers);
        tried++;
        const want = expected(op, who);
        if (r.status !== want.status || r.body?.error?.code !== (want.code ?? r.body?.error?.code)) wrong.push(`${who} ${op.method} ${url} -> ${r.status} ${JSON.stringify(r.body)?.slice(0, 120)}`);
        if (want.code === 'OTHER_HALL') walled++;
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(300);
    expect(walled).toBeGreaterThan(150);
    expect(await dbDigest(s.app.db, ['sessions'])).toEqual(before);
  });

  it("the hall's own admin and the county bureau get past the wall on the same requests (a region only the bureau)", async () => {
    const bureau = bearer(await login(s.url, 'bureau'));
    const stopped: string[] = [];
    let tried = 0;
    for (const op of ops) {
      if (!op.scope || 'public' in op.scope || 'self' in op.scope || 'system' in op.scope || op.method !== 'GET') continue;
      const { url } = request(op);
      for (const [who, headers] of [['admin', bearer(own.admin)], ['bureau', bureau]] as const) {
        if (who === 'admin' && 'region' in op.scope) continue;
        const r = await api(s.url, op.method, url, undefined, headers);
        tried++;
        if (r.body?.error?.code === 'OTHER_HALL') stopped.push(`${who} ${url} ${r.body.error.code}`);
      }
    }
    expect(stopped).toEqual([]);
    expect(tried).toBeGreaterThan(30);
  });

  it('a thing that does not exist answers 404 to a credential, without saying whose it would be', async () => {
    const r = await api(s.url, 'POST', '/api/windows/no-such-window/open', undefined, other.clerk);
    expect([r.status, r.body.error.code]).toEqual([404, 'WINDOW_NOT_FOUND']);
    const c = await api(s.url, 'GET', '/api/cases/DEMO-SL000000000000', undefined, other.manager);
    expect([c.status, c.body.error.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });

  it('sockets: staff tokens of another hall or region are refused the rooms of this hall; its own are admitted', async () => {
    for (const who of ['clerk', 'manager', 'admin', 'townManager']) {
      const token = other[who].authorization.slice('Bearer '.length);
      for (const auth of [{ hallId: 'demo', role: 'window', windowId: 'win_1', token }, { hallId: 'demo', role: 'manager', token }]) {
        if (auth.role === 'manager' && who === 'clerk') continue; // refused for its role before its hall
        const refusal = await connectionRefusal(s.url, auth);
        expect([who, auth.role, refusal.data?.code]).toEqual([who, auth.role, 'OTHER_HALL']);
      }
    }
    const mine = await connectRecorder(s.url, { hallId: 'demo', role: 'window', windowId: 'win_1', token: own.clerk });
    expect(mine.snapshot.hall.id).toBe('demo');
    mine.close();
    const bureau = await connectRecorder(s.url, { hallId: 'liuzhuang', role: 'manager', token: await login(s.url, 'bureau') });
    expect(bureau.snapshot.hall.id).toBe('liuzhuang');
    bureau.close();
  });
});

describe('a route that declares nothing', () => {
  it('stops the app from starting', async () => {
    const config = readConfig({ HALLQ_DATA: tempDataDir(), HALLQ_SEED_DEMO: '0', HALLQ_SERVE_UI: '0' }, { port: 0, host: '127.0.0.1', sqliteFile: ':memory:' });
    const app = await buildApp(config, { logger: false, dayEndIntervalMs: 0, backupIntervalMs: 0, spool: { pollStatusMs: 0 } });
    try {
      expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(/declares no scope/);
      expect(() => app.get('/api/bad', { config: { scope: { hall: 'hallId' } } }, async () => 'x')).toThrow(/bad scope declaration/);
    } finally {
      await app.close();
    }
  });
});
