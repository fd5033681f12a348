import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, startServer, type TestServer } from '../helpers/server.ts';

interface Answer {
  status: number;
  code?: string;
  retryAfter: number | null;
}

/**
 * A login from a given loopback address (127.0.0.0/8 is all this machine's), so that one test can
 * be a botnet: the server sees each address as its own client.
 */
function loginFrom(s: TestServer, address: string, username: string, password: string): Promise<Answer> {
  const { port } = new URL(s.url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', localAddress: address, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, code: text ? JSON.parse(text).error?.code : undefined, retryAfter: retry === undefined ? null : Number(retry) });
        });
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

const addr = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
const count = (answers: Answer[]) => answers.reduce<Record<string, number>>((m, a) => ({ ...m, [`${a.status} ${a.code ?? ''}`.trim()]: (m[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1 }), {});

describe('login attempts are limited per account across addresses, and per address across accounts', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ rateLimit: 1000 }); // limits on (the helper's default 0 turns them off)
  });
  afterAll(() => s.close());
  afterEach(() => vi.useRealTimers());

  it('a botnet on one account: 20 failures in all lock it (429 LOGIN_LOCKED, even the right password, even in parallel), other accounts unaffected, unlocks by itself', async () => {
    // 26 addresses, one guess each, all at once: each attempt is counted before its password is checked.
    const guesses = await Promise.all(Array.from({ length: 26 }, (_, i) => loginFrom(s, addr(i), 'clerk02', `guess-${i}`)));
    expect(count(guesses)).toEqual({ '401 BAD_CREDENTIALS': 20, '429 LOGIN_LOCKED': 6 });

    const right = await loginFrom(s, addr(100), 'clerk02', DEMO_PASSWORD); // a fresh address, the right password
    expect(right.status).toBe(429);
    expect(right.code).toBe('LOGIN_LOCKED');
    expect(right.retryAfter).toBeGreaterThan(14 * 60);
    expect(right.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await loginFrom(s, addr(0), 'clerk03', DEMO_PASSWORD)).status).toBe(200); // the same botnet address, another account

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 14 * 60_000);
    expect((await loginFrom(s, addr(101), 'clerk02', DEMO_PASSWORD)).code).toBe('LOGIN_LOCKED');
    vi.setSystemTime(Date.now() + 60_000 + 1000);
    expect((await loginFrom(s, addr(101), 'clerk02', DEMO_PASSWORD)).status).toBe(200);
  });

  it('spraying from one address: 30 failures over many accounts, then that address is refused (429 RATE_LIMITED) while others log in', async () => {
    const sprayer = addr(200);
    const sprayed: Answer[] = [];
    for (let i = 0; i < 30; i++) sprayed.push(await loginFrom(s, sprayer, i < 3 ? `clerk0${4 + i}` : `someone-${i}`, 'Password123'));
    expect(count(sprayed)).toEqual({ '401 BAD_CREDENTIALS': 30 });
    const next = await loginFrom(s, sprayer, 'clerk04', DEMO_PASSWORD);
    expect(next.status).toBe(429);
    expect(next.code).toBe('RATE_LIMITED');
    expect(next.retryAfter).toBeGreaterThan(0);
    expect((await loginFrom(s, addr(201), 'clerk04', DEMO_PASSWORD)).status).toBe(200); // 3 failures on clerk04 are no lock
  });

  it('successful logins do not count: 21 in a row from one address, then the usual failures are still allowed', async () => {
    const a = addr(300);
    for (let i = 0; i < 21; i++) expect((await loginFrom(s, a, 'clerk05', DEMO_PASSWORD)).status).toBe(200);
    const failures: Answer[] = [];
    for (let i = 0; i < 11; i++) failures.push(await loginFrom(s, a, 'clerk05', `wrong-${i}`));
    expect(count(failures)).toEqual({ '401 BAD_CREDENTIALS': 10, '429 RATE_LIMITED': 1 }); // 10 per address and account
  });
});

describe('with HALLQ_RATE_LIMIT=0 no login limit applies', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('21 failures on one account, then the right password logs in', async () => {
    for (let i = 0; i < 21; i++) expect((await loginFrom(s, addr(0), 'clerk06', `guess-${i}`)).status).toBe(401);
    expect((await loginFrom(s, addr(0), 'clerk06', DEMO_PASSWORD)).status).toBe(200);
  });
});
