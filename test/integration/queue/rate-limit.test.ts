import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';

describe('rate limits', () => {
  describe('HALLQ_RATE_LIMIT = 5 anonymous requests a minute', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startServer({ rateLimit: 5 });
    });
    afterAll(() => s.close());

    it('the 6th anonymous request in a minute is 429 RATE_LIMITED; a logged-in clerk is not limited', async () => {
      const token = await login(s.url, 'clerk01'); // anonymous request 1
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api(s.url, 'GET', '/api/halls')).status); // 2..5
      expect(statuses).toEqual([200, 200, 200, 200]);
      const sixth = await api(s.url, 'GET', '/api/halls/demo');
      expect(sixth.status).toBe(429);
      expect(sixth.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
      expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(429);
      expect(await s.app.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);

      for (let i = 0; i < 10; i++) expect((await api(s.url, 'GET', '/api/halls/demo', undefined, bearer(token))).status).toBe(200);
      const issued = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' }, bearer(token));
      expect(issued.status).toBe(201);
      expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(token))).status).toBe(200);
      expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token))).status).toBe(200);
    });

    it('over the limit, malformed and invalid requests are refused too (429 before parsing and validation)', async () => {
      const post = (body: unknown) => api(s.url, 'POST', '/api/halls/demo/tickets', body, { 'content-type': 'application/json' });
      expect((await api(s.url, 'GET', '/api/halls')).status).toBe(429); // still limited from the test above
      expect((await post('{"categoryId":')).status).toBe(429);
      expect((await post({ categoryId: 'cat_A', junk: 'x'.repeat(60_000) })).status).toBe(429);
    });
  });

  describe('login attempts: 10 per 5 minutes per address and username', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startServer({ rateLimit: 1000 });
    });
    afterAll(() => s.close());

    it('the 11th attempt is 429, even with the right password; another username is unaffected', async () => {
      const attempt = (username: string, password: string) => api(s.url, 'POST', '/api/auth/login', { username, password });
      for (let i = 0; i < 10; i++) expect((await attempt('clerk02', `guess-${i}`)).status).toBe(401);
      const eleventh = await attempt('clerk02', 'guess-10');
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.error.code).toBe('RATE_LIMITED');
      expect((await attempt('clerk02', 'demo-password-for-tests')).status).toBe(429);
      expect((await attempt('clerk03', 'demo-password-for-tests')).status).toBe(200);
    });
  });
});
