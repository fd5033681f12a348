import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, DEMO_PASSWORD, login, startServer, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, ROOT } from '../e2e/helpers.ts';
import { PASSWORD_HASHING } from '../../server/services/staff.ts';

/** The hash hallq wrote before argon2id: scrypt N=16384, r=8, p=1. */
function oldScryptHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

const STRONG = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/;

describe('passwords are hashed at OWASP strength and old hashes are upgraded on login', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());
  const storedHash = async (username: string) =>
    (await s.app.db.selectFrom('staff').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;

  it('production hashes with argon2id, 19 MiB, 2 passes, 1 lane (the demo accounts too)', async () => {
    expect(PASSWORD_HASHING).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(await storedHash('admin')).toMatch(STRONG);
  });

  it('an old scrypt N=16384 hash logs in once, is replaced by argon2id, and the password still works', async () => {
    const old = oldScryptHash('old-clerk-password');
    await s.app.db.updateTable('staff').set({ password_hash: old }).where('username', '=', 'clerk05').execute();
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk05', password: 'wrong-password' })).status).toBe(401);
    expect(await storedHash('clerk05')).toBe(old); // a failed login changes nothing

    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk05', password: 'old-clerk-password' })).status).toBe(200);
    const upgraded = await storedHash('clerk05');
    expect(upgraded).toMatch(STRONG);
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk05', password: 'old-clerk-password' })).status).toBe(200);
    expect(await storedHash('clerk05')).toBe(upgraded); // already strong: not rehashed again
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk05', password: 'wrong-password' })).body.error.code).toBe('BAD_CREDENTIALS');
  });

  it('an argon2 hash at lower costs is upgraded too', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash('weak-cost-password', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await s.app.db.updateTable('staff').set({ password_hash: weak }).where('username', '=', 'clerk06').execute();
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk06', password: 'weak-cost-password' })).status).toBe(200);
    expect(await storedHash('clerk06')).toMatch(STRONG);
  });

  it('an unknown username answers like a wrong password', async () => {
    const r = await api(s.url, 'POST', '/api/auth/login', { username: 'nobody-here', password: DEMO_PASSWORD });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('BAD_CREDENTIALS');
  });
});

describe('device tokens never reach the access log', () => {
  let s: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    s = await startServer({ logger: { level: 'info', stream } });
  });
  afterAll(() => s.close());

  it('a kiosk link and its trade are logged with the token replaced', async () => {
    const admin = await login(s.url, 'admin');
    const kiosk = (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '日志取号机' }, bearer(admin))).body;
    await fetch(`${s.url}/kiosk-ui/?deviceToken=${kiosk.enrolToken}&window=win_1`);
    await fetch(`${s.url}/display-ui/evaluator.html?window=win_3&deviceToken=${kiosk.token}`);
    const traded = await api(s.url, 'POST', '/api/devices/session', { token: kiosk.enrolToken });
    expect(traded.status).toBe(200);
    expect((await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': traded.body.token })).status).toBe(200);
    await api(s.url, 'GET', `/api/tickets/x?token=${kiosk.token}&secret=s3cr3t`);

    const urls = lines.map((l) => JSON.parse(l) as { req?: { url: string } }).flatMap((l) => (l.req ? [l.req.url] : []));
    expect(urls).toContain('/kiosk-ui/?deviceToken=[REDACTED]&window=win_1');
    expect(urls).toContain('/display-ui/evaluator.html?window=win_3&deviceToken=[REDACTED]');
    expect(urls).toContain('/api/tickets/x?token=[REDACTED]&secret=[REDACTED]');
    const log = lines.join('\n');
    for (const secret of [kiosk.token, kiosk.enrolToken, traded.body.token, 's3cr3t', admin]) expect(log).not.toContain(secret);
  });
});

describe('pages carry a Content-Security-Policy; the OpenAPI document says how each route is secured', () => {
  let s: TestServer;
  let admin: string;
  let clerk: string;
  let device: string;
  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startServer({ serveUi: true });
    admin = await login(s.url, 'admin');
    clerk = await login(s.url, 'clerk01');
    device = (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '检查取号机' }, bearer(admin))).body.token;
  });
  afterAll(() => s.close());

  const pages = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pages(path.join(dir, e.name)) : e.name.endsWith('.html') ? [path.join(dir, e.name)] : []));

  it('every built page, /docs and an API answer have a policy with no inline or foreign script', async () => {
    const dist = path.join(ROOT, 'dist');
    const urls = [...pages(dist).map((p) => `/${path.relative(dist, p)}`), '/', '/kiosk-ui/', '/docs', '/docs/static/index.html', '/api/halls'];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      const res = await fetch(s.url + url);
      expect(res.status, url).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('connect-src'), url).toEqual(["'self'"]);
      expect(directives.get('img-src'), url).toEqual(["'self'", 'data:']);
      expect(directives.get('object-src'), url).toEqual(["'none'"]);
      // Pages take style sheets only from the server; swagger-ui (/docs) writes <style> elements.
      expect(directives.get('style-src'), url).toEqual(url.startsWith('/docs') ? ["'self'", "'unsafe-inline'"] : ["'self'"]);
    }
  });

  type Op = { security?: Array<Record<string, string[]>>; 'x-access'?: string };
  const call = (method: string, url: string, headers: Record<string, string> = {}) => api(s.url, method.toUpperCase(), url, undefined, headers);

  it('every /api route declares its security, and does what it says', async () => {
    const doc = (await api(s.url, 'GET', '/docs/json')).body as { paths: Record<string, Record<string, Op>> };
    const routes = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(60);
    const seen = { open: 0, staff: 0, device: 0, either: 0, roles: 0, holder: 0 };
    for (const [p, methods] of routes) {
      const url = p.replace(/\{hallId\}/g, 'demo').replace(/\{[^}]+\}/g, 'x');
      for (const [method, op] of Object.entries(methods)) {
        const what = `${method.toUpperCase()} ${p}`;
        expect(Array.isArray(op.security), what).toBe(true);
        expect(op['x-access'], what).toBeTruthy();
        const schemes = op.security!.map((r) => Object.keys(r).sort().join('+'));
        const anon = await call(method, url);
        if (schemes.length === 0) {
          seen.open++;
          expect(op['x-access'], what).toBe('anyone');
          expect(anon.status, `${what} is open to anyone`).not.toBe(401);
          expect(anon.status, what).toBeLessThan(500);
          continue;
        }
        expect(anon.status, `${what} without credentials`).toBe(401);
        const asDevice = await call(method, url, { 'x-device-token': device });
        const asClerk = await call(method, url, bearer(clerk));
        if (schemes.join() === 'bearer') {
          seen.staff++;
          expect(asDevice.status, `${what} as a device`).toBe(401);
          const min = /staff(?: of the hall)?: (\w+)/.exec(op['x-access']!)?.[1];
          if (min === 'manager' || min === 'admin') {
            seen.roles++;
            expect(asClerk.status, `${what} as a clerk`).toBe(403);
          } else {
            expect(min, what).toBe('clerk');
            expect([401, 403], `${what} as a clerk`).not.toContain(asClerk.status);
          }
        } else if (schemes.join() === 'device') {
          seen.device++;
          expect(asClerk.status, `${what} as staff`).toBe(401);
          expect(asDevice.status, `${what} as a device`).not.toBe(401);
        } else {
          // Alternatives: staff, a device, or what only a ticket's or a slip's holder has
          // (X-Ticket-Key, X-Pickup-Code; this walk holds neither, so they must not let it in).
          expect(schemes.every((k) => ['bearer', 'device', 'ticketKey', 'pickupCode'].includes(k)), what).toBe(true);
          seen.either++;
          if (schemes.some((k) => k === 'ticketKey' || k === 'pickupCode')) seen.holder++;
          expect(asDevice.status === 401, `${what} as a device`).toBe(!schemes.includes('device'));
          expect(asClerk.status === 401, `${what} as a clerk`).toBe(!schemes.includes('bearer'));
        }
      }
    }
    // Each kind of route exists, so no branch above was vacuous.
    for (const [kind, n] of Object.entries(seen)) expect(n, kind).toBeGreaterThan(0);
  });
});
