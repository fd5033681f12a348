import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HallRules } from '../../server/domain/rules.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { callNext, noShow, recall, requeueNoShow } from '../../server/services/windows.ts';
import { openWindow } from '../../server/services/window-status.ts';
import type { Priority } from '../../server/domain/rules.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

/** The hall's rules (stored as JSON on the hall) as the services apply them across transactions. */
describe('hall rules applied by the services', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
    for (const [u, w] of [['clerk01', 'win_1'], ['clerk02', 'win_2']]) await h.run((trx) => openWindow(trx, h.ctx, h.as(u), w));
  });
  afterEach(() => h.close());

  const setRules = (rules: Partial<HallRules>) => h.db.updateTable('halls').set({ rules: JSON.stringify(rules) }).where('id', '=', 'demo').execute();
  const issue = async (categoryId: string, priority?: Priority) => {
    const r = await h.run((trx) => issueTicket(trx, h.ctx, h.as('clerk05'), { hallId: 'demo', categoryId, priority }));
    h.clock.advance(MINUTE);
    return r.result;
  };
  const next = async (user = 'clerk01', win = 'win_1') => (await h.run((trx) => callNext(trx, h.ctx, h.as(user), win))).result.ticket?.number ?? null;

  it('the priority streak is kept per window between calls: P, P, N, P, N', async () => {
    await issue('cat_A');
    await issue('cat_A');
    for (let i = 0; i < 3; i++) await issue('cat_A', 'elderly');
    const order = [];
    for (let i = 0; i < 6; i++) order.push(await next());
    expect(order).toEqual(['A003', 'A004', 'A001', 'A005', 'A002', null]);
  });

  it('each window keeps its own streak', async () => {
    await issue('cat_A');
    await issue('cat_A');
    for (let i = 0; i < 4; i++) await issue('cat_A', 'military');
    expect([await next(), await next()]).toEqual(['A003', 'A004']); // window 1: streak 2
    expect(await next('clerk02', 'win_2')).toBe('A005'); // window 2: streak 0 → priority
    expect(await next()).toBe('A001'); // window 1 must take a normal one now
    expect(await next('clerk02', 'win_2')).toBe('A006');
  });

  it('maxConsecutivePriority from the hall’s rules: 1 gives P, N, P, N', async () => {
    await setRules({ maxConsecutivePriority: 1 });
    await issue('cat_A');
    await issue('cat_A');
    await issue('cat_A', 'pregnant');
    await issue('cat_A', 'disabled');
    const order = [];
    for (let i = 0; i < 4; i++) order.push(await next());
    expect(order).toEqual(['A003', 'A001', 'A004', 'A002']);
  });

  it('green neither counts in the streak nor waits for it', async () => {
    await issue('cat_A');
    await issue('cat_A', 'elderly');
    await issue('cat_A', 'elderly');
    await issue('cat_A', 'elderly');
    expect([await next(), await next()]).toEqual(['A002', 'A003']);
    await issue('cat_A', 'green');
    expect([await next(), await next(), await next()]).toEqual(['A005', 'A001', 'A004']);
  });

  it('maxRecalls from the rules', async () => {
    await setRules({ maxRecalls: 1 });
    await issue('cat_A');
    await next();
    await h.run((trx) => recall(trx, h.ctx, h.as('clerk01'), 'win_1'));
    expect(await domainError(h.run((trx) => recall(trx, h.ctx, h.as('clerk01'), 'win_1')))).toMatchObject({ code: 'RECALL_LIMIT' });
  });

  it('requeueAfter and requeueWithinMinutes from the rules', async () => {
    await setRules({ requeueAfter: 1, requeueWithinMinutes: 10 });
    const first = await issue('cat_A');
    const second = await issue('cat_A');
    for (let i = 0; i < 3; i++) await issue('cat_A');
    await next();
    await next();
    await h.run((trx) => noShow(trx, h.ctx, h.as('clerk01'), 'win_1')); // A002 no-show
    await next(); // A003
    await h.run((trx) => noShow(trx, h.ctx, h.as('clerk01'), 'win_1')); // A003 no-show
    const back = await h.run((trx) => requeueNoShow(trx, h.ctx, h.as('clerk01'), second.id));
    expect(back.result.ticket?.waitingAhead).toBe(1);
    expect([await next(), await next()]).toEqual(['A004', 'A002']);
    h.clock.advance(11 * MINUTE);
    const a3 = (await h.db.selectFrom('tickets').select('id').where('number', '=', 'A003').executeTakeFirstOrThrow()).id;
    expect(await domainError(h.run((trx) => requeueNoShow(trx, h.ctx, h.as('clerk01'), a3)))).toMatchObject({ kind: 'conflict', code: 'REQUEUE_TOO_LATE' });
    expect(first.number).toBe('A001');
  });
});
