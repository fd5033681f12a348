import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, DEMO_PASSWORD, login, startServer, type TestServer } from '../helpers/server.ts';

describe('changing my password', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('needs the old password, ends my other sessions, and the new one works', async () => {
    const here = await login(s.url, 'clerk03');
    const elsewhere = await login(s.url, 'clerk03');
    const change = (body: unknown, token = here) => api(s.url, 'POST', '/api/auth/password', body, bearer(token));
    expect((await change({ oldPassword: 'wrong-one', newPassword: 'new-password-3' })).body.error.code).toBe('WRONG_PASSWORD');
    expect((await change({ oldPassword: DEMO_PASSWORD, newPassword: 'short' })).status).toBe(400);
    expect((await change({ oldPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })).body.error.code).toBe('SAME_PASSWORD');
    expect((await api(s.url, 'POST', '/api/auth/password', { oldPassword: 'x', newPassword: 'new-password-3' })).body.error.code).toBe('LOGIN_REQUIRED');

    expect((await change({ oldPassword: DEMO_PASSWORD, newPassword: 'new-password-3' })).status).toBe(204);
    expect((await api(s.url, 'POST', '/api/windows/win_3/open', undefined, bearer(here))).status).toBe(200); // this session goes on
    expect((await api(s.url, 'POST', '/api/windows/win_3/pause', undefined, bearer(elsewhere))).status).toBe(401); // the other one ended
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk03', password: DEMO_PASSWORD })).status).toBe(401);
    expect(await login(s.url, 'clerk03', 'new-password-3')).toEqual(expect.any(String));
  });

  it('answers with protective headers', async () => {
    const r = await fetch(`${s.url}/api/health`);
    expect([r.headers.get('x-content-type-options'), r.headers.get('x-frame-options'), r.headers.get('referrer-policy')]).toEqual(['nosniff', 'SAMEORIGIN', 'no-referrer']);
  });
});
