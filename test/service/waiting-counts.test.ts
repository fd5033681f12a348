import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitingAhead } from '../../server/domain/call-order.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { serviceDay } from '../../server/domain/time.ts';
import { closePastDays } from '../../server/services/day-end.ts';
import { countAhead, loadWaiting, toQueued } from '../../server/services/queue.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { openWindow } from '../../server/services/window-status.ts';
import * as calls from '../../server/services/windows.ts';
import { freshHall, MINUTE, type Hall } from '../helpers/services.ts';

/**
 * The kept waiting counts (number_counters.waiting, migration 018) and the people-ahead count that
 * no longer reads the queue, against the queue itself: a seeded random walk through every step that
 * moves a ticket into or out of waiting, refused steps included (they must change nothing).
 */
describe('waiting counts and people ahead without reading the queue', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const CATEGORIES = ['cat_A', 'cat_F', 'cat_D', 'cat_E'];
  const WINDOWS = [{ id: 'win_1', clerk: 'clerk01' }, { id: 'win_2', clerk: 'clerk02' }, { id: 'win_3', clerk: 'clerk03' }];
  const PRIORITIES = [undefined, undefined, undefined, undefined, 'green', 'elderly'] as const;

  /** Each (day, category) count against COUNT(*) over the tickets; each waiting ticket's ahead against waitingAhead over the whole queue. */
  async function check(): Promise<void> {
    const counted = await h.db
      .selectFrom('tickets')
      .select(['service_day', 'category_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'waiting')
      .groupBy(['service_day', 'category_id'])
      .execute();
    const kept = await h.db.selectFrom('number_counters').select(['service_day', 'category_id', 'waiting']).where('category_id', 'like', 'cat_%').execute();
    const key = (r: { service_day: string; category_id: string }) => `${r.service_day} ${r.category_id}`;
    const want = new Map(counted.map((r) => [key(r), Number(r.n)]));
    for (const r of kept) expect(Number(r.waiting), key(r)).toBe(want.get(key(r)) ?? 0);
    for (const k of want.keys()) expect(kept.map(key)).toContain(k);
    // Served (done or 过号 after a call) and their window time, against the sum over the tickets (migration 022).
    const served = await h.db
      .selectFrom('tickets')
      .select(['service_day', 'category_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb('finished_at', '-', eb.ref('called_at'))).as('ms')])
      .where('status', 'in', ['done', 'no_show'])
      .where('called_at', 'is not', null)
      .groupBy(['service_day', 'category_id'])
      .execute();
    const keptServed = await h.db.selectFrom('number_counters').select(['service_day', 'category_id', 'served', 'served_ms']).where('category_id', 'like', 'cat_%').execute();
    const wantServed = new Map(served.map((r) => [key(r), { n: Number(r.n), ms: Number(r.ms ?? 0) }]));
    for (const r of keptServed) expect({ n: Number(r.served), ms: Number(r.served_ms) }, `served ${key(r)}`).toEqual(wantServed.get(key(r)) ?? { n: 0, ms: 0 });
    for (const k of wantServed.keys()) expect(keptServed.map(key)).toContain(k);

    const now = h.clock.now();
    const rows = await h.db.selectFrom('tickets').selectAll().where('status', '=', 'waiting').execute();
    for (const t of rows) {
      const queue = await loadWaiting(h.db, t.hall_id, t.service_day);
      expect(await countAhead(h.db, t, now), t.number).toBe(waitingAhead(toQueued(t), queue, now));
    }
  }

  it('hold through issue, call, no-show, requeue, transfer, cancel, suspend and the day end (waiting, and served with their time)', async () => {
    let seed = 20261201;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
    for (const w of WINDOWS) await h.run((trx) => openWindow(trx, h.ctx, h.as(w.clerk), w.id));
    const clerk = h.as('clerk01');
    let refused = 0;
    for (let step = 0; step < 120; step++) {
      h.clock.advance(MINUTE / 4);
      const w = pick(WINDOWS);
      const as = h.as(w.clerk);
      const ticketIn = async (status: string) => {
        const ts = await h.db.selectFrom('tickets').select('id').where('status', '=', status).orderBy('seq').execute();
        return ts.length ? pick(ts).id : 'none';
      };
      try {
        switch (rand(9)) {
          case 0:
          case 1:
          case 2: {
            const before = await h.db.selectFrom('tickets').selectAll().where('status', '=', 'waiting').execute();
            const issued = await h.run((trx) => issueTicket(trx, h.ctx, clerk, { hallId: 'demo', categoryId: pick(CATEGORIES), priority: pick(PRIORITIES) }));
            const t = await h.db.selectFrom('tickets').selectAll().where('id', '=', issued.result.id).executeTakeFirstOrThrow();
            // The view at issue took its count from the kept one: the same as over the queue.
            expect(issued.result.waitingAhead).toBe(waitingAhead(toQueued(t), before.map(toQueued), h.clock.now()));
            break;
          }
          case 3:
          case 4:
            await h.run((trx) => calls.callNext(trx, h.ctx, as, w.id));
            break;
          case 5:
            await h.run((trx) => calls.noShow(trx, h.ctx, as, w.id));
            break;
          case 6: {
            const id = await ticketIn('no_show');
            await h.run((trx) => calls.requeueNoShow(trx, h.ctx, clerk, id));
            break;
          }
          case 7:
            await h.run((trx) =>
              calls.transfer(trx, h.ctx, as, w.id, rand(2) ? { categoryId: pick(CATEGORIES) } : { windowId: pick(WINDOWS.filter((x) => x.id !== w.id)).id }),
            );
            break;
          case 8: {
            const id = await ticketIn('waiting');
            await h.run((trx) => (rand(2) ? calls.cancelTicket(trx, h.ctx, clerk, id, undefined) : calls.suspend(trx, h.ctx, as, w.id)));
            break;
          }
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused++;
      }
      await check();
    }
    expect(refused).toBeGreaterThan(0);
    // The walk served tickets and sent some back from 过号 (their served time counted out again).
    expect((await h.db.selectFrom('number_counters').select((eb) => eb.fn.sum<number>('served').as('n')).executeTakeFirstOrThrow()).n).toBeGreaterThan(0);
    expect((await h.db.selectFrom('ticket_events').select('id').where('type', '=', 'requeue').execute()).length).toBeGreaterThan(0);
    const transfers = await h.db.selectFrom('ticket_events').select('id').where('type', '=', 'transfer').execute();
    expect(transfers.length).toBeGreaterThan(0);

    // The next day: yesterday's waiting tickets are abandoned and counted out.
    const yesterday = serviceDay(h.clock.now(), 'Asia/Shanghai');
    expect((await loadWaiting(h.db, 'demo', yesterday)).length).toBeGreaterThan(0);
    h.clock.advance(24 * 60 * MINUTE);
    await h.run((trx) => closePastDays(trx, h.ctx, 'demo'));
    await check();
    const left = await h.db.selectFrom('number_counters').select('waiting').where('service_day', '=', yesterday).where('category_id', 'like', 'cat_%').execute();
    expect(left.every((r) => Number(r.waiting) === 0)).toBe(true);
  }, 180_000);
});
