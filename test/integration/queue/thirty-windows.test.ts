import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, startServer, type TestServer } from '../../helpers/server.ts';
import { addWindowsAndClerks, openAll } from '../../helpers/queue.ts';

describe('30 windows calling at once on 500 waiting tickets', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('every ticket is called exactly once', async () => {
    const tokens = await openAll(s, await addWindowsAndClerks(s, 30));
    expect(tokens.size).toBe(30);

    const cats = ['cat_A', 'cat_B', 'cat_C', 'cat_D', 'cat_E', 'cat_F', 'cat_Q'];
    const issued: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const rs = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i;
          return api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: cats[n % cats.length], ...(n % 9 === 0 ? { priority: 'elderly' } : {}) });
        }),
      );
      for (const r of rs) {
        expect(r.status).toBe(201);
        issued.push(r.body.id);
      }
    }
    expect(new Set(issued).size).toBe(500);

    const calledBy = new Map<string, string[]>();
    await Promise.all(
      [...tokens].map(async ([win, token]) => {
        const mine: string[] = [];
        calledBy.set(win, mine);
        for (;;) {
          const r = await api(s.url, 'POST', `/api/windows/${win}/call-next`, undefined, bearer(token));
          if (r.status === 204) return;
          if (r.status !== 200) throw new Error(`${win}: ${r.status} ${JSON.stringify(r.body)}`);
          expect(r.body.ticket).toMatchObject({ status: 'called', windowId: win });
          mine.push(r.body.ticket.id);
        }
      }),
    );

    const all = [...calledBy.values()].flat();
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
    expect([...new Set(all)].sort()).toEqual([...issued].sort());
    // Many windows took part, not one doing all the work.
    expect([...calledBy.values()].filter((l) => l.length > 0).length).toBeGreaterThanOrEqual(20);

    const calls = await s.app.db
      .selectFrom('ticket_events')
      .select(['ticket_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'call')
      .groupBy('ticket_id')
      .execute();
    expect(calls).toHaveLength(500);
    expect(calls.every((c) => Number(c.n) === 1)).toBe(true);

    const statuses = await s.app.db.selectFrom('tickets').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const by = Object.fromEntries(statuses.map((x) => [x.status, Number(x.n)]));
    // Each call-next completed the window's previous ticket, the final one (204) included.
    expect(by).toEqual({ done: 500 });
  }, 120_000);
});
