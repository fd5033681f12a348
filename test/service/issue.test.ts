import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueTicket, type IssueInput } from '../../server/services/tickets.ts';
import type { Actor } from '../../server/services/context.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

const ANON: Actor = {};
const ID = '11010519491231002X';

describe('issueTicket (取号)', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const issue = (input: Partial<IssueInput> & { categoryId: string }, actor: Actor = ANON) =>
    h.run((trx) => issueTicket(trx, h.ctx, actor, { hallId: 'demo', ...input }));

  it('numbers per category: A001, A002, B001, A003; waitingAhead counts the queue', async () => {
    const a1 = await issue({ categoryId: 'cat_A' });
    const a2 = await issue({ categoryId: 'cat_A' });
    const b1 = await issue({ categoryId: 'cat_B' });
    const a3 = await issue({ categoryId: 'cat_A' });
    expect([a1, a2, b1, a3].map((x) => x.result.number)).toEqual(['A001', 'A002', 'B001', 'A003']);
    expect(a3.result).toMatchObject({ status: 'waiting', waitingAhead: 2, categoryId: 'cat_A', serviceDay: '2026-11-23', issuedAt: '2026-11-23T09:00:00.000+08:00' });
    expect(a1.result.waitingAhead).toBe(0);
    // Two ahead, 综窗 1, 2, 3, 7 and 10 serve A at 8 minutes (none open yet, so all five count):
    // the third departure from five windows, (2 + 1) × 8 / 5 rounded up.
    expect(a3.result.estimatedWaitMinutes).toBe(Math.ceil(((2 + 1) * 8) / 5));
    const counters = await h.db.selectFrom('number_counters').selectAll().orderBy('category_id').execute();
    expect(counters.map((c) => [c.category_id, c.last_seq])).toEqual([['cat_A', 3], ['cat_B', 1]]);
  });

  it('keeps arrival keys distinct and increasing for tickets issued in the same millisecond', async () => {
    const issued = [];
    for (let i = 0; i < 4; i++) issued.push(await issue({ categoryId: i % 2 ? 'cat_A' : 'cat_B' }));
    const rows = await h.db.selectFrom('tickets').select(['number', 'sort_key']).orderBy('sort_key').execute();
    expect(rows.map((r) => r.number)).toEqual(['B001', 'A001', 'B002', 'A002']);
    for (let i = 1; i < rows.length; i++) expect(rows[i].sort_key - rows[i - 1].sort_key).toBeCloseTo(0.01, 3); // doubles near 1.8e12 ms step by 2.4e-4
  });

  it('returns a queue event with the new waiting count, the numbers taken and the wait a next number would have, numbered by the unit of work', async () => {
    const first = await issue({ categoryId: 'cat_C' });
    const { result, events } = await issue({ categoryId: 'cat_C' });
    expect(events).toEqual([{ type: 'queue', hallId: 'demo', categoryId: 'cat_C', waiting: 2, issuedToday: 2, estimatedWaitMinutes: expect.any(Number), seq: 2 }]);
    // The tile's wait for the next number is never shorter than what the last number was told.
    const tile = (events[0] as { estimatedWaitMinutes: number }).estimatedWaitMinutes;
    expect(tile).toBeGreaterThanOrEqual(result.estimatedWaitMinutes);
    expect(tile).toBeGreaterThan((first.events[0] as { estimatedWaitMinutes: number }).estimatedWaitMinutes);
  });

  it('numbering starts again at 001 on the next service day', async () => {
    await issue({ categoryId: 'cat_A' });
    await issue({ categoryId: 'cat_A' });
    h.clock.set('2026-11-24T00:00:00+08:00');
    const next = await issue({ categoryId: 'cat_A' });
    expect(next.result).toMatchObject({ number: 'A001', serviceDay: '2026-11-24', waitingAhead: 0 });
  });

  it('QUOTA_EXHAUSTED once the category’s daily quota is used, and nothing is written', async () => {
    await h.db.updateTable('categories').set({ daily_quota: 2 }).where('id', '=', 'cat_D').execute();
    await issue({ categoryId: 'cat_D' });
    await issue({ categoryId: 'cat_D' });
    const err = await domainError(issue({ categoryId: 'cat_D' }));
    expect(err).toMatchObject({ kind: 'conflict', code: 'QUOTA_EXHAUSTED' });
    expect(await h.db.selectFrom('tickets').select('id').where('category_id', '=', 'cat_D').execute()).toHaveLength(2);
    expect((await h.db.selectFrom('number_counters').select('last_seq').where('category_id', '=', 'cat_D').executeTakeFirstOrThrow()).last_seq).toBe(2);
    // Other categories are not affected.
    expect((await issue({ categoryId: 'cat_E' })).result.number).toBe('E001');
  });

  it('OUTSIDE_HOURS outside the issuing periods; per-period quotas', async () => {
    const periods = [
      { name: '上午', start: '08:30', end: '12:00', quota: 1 },
      { name: '下午', start: '14:30', end: '17:30', quota: 2 },
    ];
    await h.db.updateTable('categories').set({ periods: JSON.stringify(periods) }).where('id', '=', 'cat_F').execute();
    h.clock.set('2026-11-23T08:29:00+08:00');
    expect(await domainError(issue({ categoryId: 'cat_F' }))).toMatchObject({ kind: 'conflict', code: 'OUTSIDE_HOURS' });
    h.clock.set('2026-11-23T08:30:00+08:00');
    expect((await issue({ categoryId: 'cat_F' })).result.number).toBe('F001');
    expect(await domainError(issue({ categoryId: 'cat_F' }))).toMatchObject({ code: 'QUOTA_EXHAUSTED' });
    h.clock.set('2026-11-23T12:30:00+08:00');
    expect(await domainError(issue({ categoryId: 'cat_F' }))).toMatchObject({ code: 'OUTSIDE_HOURS' });
    h.clock.set('2026-11-23T15:00:00+08:00');
    expect((await issue({ categoryId: 'cat_F' })).result.number).toBe('F002');
    expect((await issue({ categoryId: 'cat_F' })).result.number).toBe('F003');
    expect(await domainError(issue({ categoryId: 'cat_F' }))).toMatchObject({ code: 'QUOTA_EXHAUSTED' });
    const rows = await h.db.selectFrom('tickets').select(['number', 'period_index']).orderBy('seq').execute();
    expect(rows).toEqual([{ number: 'F001', period_index: 0 }, { number: 'F002', period_index: 1 }, { number: 'F003', period_index: 1 }]);
  });

  it('ALREADY_WAITING for a second ticket with the same ID number in the same category, with the first ticket’s id for a kiosk (to reprint), its number only for anyone else', async () => {
    const first = await issue({ categoryId: 'cat_C', idNumber: ID });
    const kiosk: Actor = { deviceId: 'dev_kiosk', deviceKind: 'kiosk', hallId: 'demo' };
    const err = await domainError(issue({ categoryId: 'cat_C', idNumber: '11010519491231002x' }, kiosk));
    expect(err).toMatchObject({ kind: 'conflict', code: 'ALREADY_WAITING', details: { ticketId: first.result.id, number: 'C001' } });
    const anon = await domainError(issue({ categoryId: 'cat_C', idNumber: ID }));
    expect(anon).toMatchObject({ code: 'ALREADY_WAITING', details: { number: 'C001' } });
    expect((anon as { details: Record<string, unknown> }).details.ticketId).toBeUndefined();
    // Another category is another queue.
    expect((await issue({ categoryId: 'cat_A', idNumber: ID })).result.number).toBe('A001');
    // The failed attempt used no number.
    expect((await issue({ categoryId: 'cat_C' })).result.number).toBe('C002');
  });

  it('the same ID number may take a new ticket once the first is no longer open', async () => {
    const first = await issue({ categoryId: 'cat_C', idNumber: ID });
    await h.db.updateTable('tickets').set({ status: 'done' }).where('id', '=', first.result.id).execute();
    expect((await issue({ categoryId: 'cat_C', idNumber: ID })).result.number).toBe('C002');
  });

  it('keeps the ID number only as a keyed hash and its last 4 characters', async () => {
    const { result } = await issue({ categoryId: 'cat_A', idNumber: ` ${ID.toLowerCase()} `, phone: '13800138000' });
    expect(result.maskedId).toBe('**************002X');
    const row = await h.db.selectFrom('tickets').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(row.id_last4).toBe('002X');
    expect(row.phone_last4).toBe('8000');
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify(await h.db.selectFrom('tickets').selectAll().execute()) + JSON.stringify(await h.db.selectFrom('ticket_events').selectAll().execute());
    expect(everything).not.toContain('110105');
    expect(everything.toUpperCase()).not.toContain('19491231');
    expect(everything).not.toContain('13800138000');
  });

  it.each([
    ['a wrong check digit', { categoryId: 'cat_A', idNumber: '110105194912310020' }, 'invalid', 'INVALID_ID_NUMBER'],
    ['an impossible date', { categoryId: 'cat_A', idNumber: '110105194902300020' }, 'invalid', 'INVALID_ID_NUMBER'],
    ['an unknown category', { categoryId: 'cat_Z' }, 'not_found', 'CATEGORY_NOT_FOUND'],
    ['an unknown hall', { categoryId: 'cat_A', hallId: 'nowhere' }, 'not_found', 'HALL_NOT_FOUND'],
    ['green channel from an anonymous kiosk user', { categoryId: 'cat_A', priority: 'green' as const }, 'forbidden', 'GREEN_CHANNEL_STAFF_ONLY'],
    ['an unknown appointment code', { categoryId: 'cat_A', appointmentCode: 'NOPE' }, 'not_found', 'APPOINTMENT_NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_n, input, kind, code) => {
    expect(await domainError(issue(input))).toMatchObject({ kind, code });
    expect(await h.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);
    expect(await h.db.selectFrom('number_counters').select('last_seq').execute()).toHaveLength(0);
  });

  it('green channel issued by staff; priority kept on the ticket', async () => {
    const g = await issue({ categoryId: 'cat_A', priority: 'green' }, h.as('clerk01'));
    const e = await issue({ categoryId: 'cat_A', priority: 'elderly' });
    expect([g.result.priority, e.result.priority]).toEqual(['green', 'elderly']);
    h.clock.advance(MINUTE);
    // A later walk-in has both privileged tickets ahead.
    expect((await issue({ categoryId: 'cat_A' })).result.waitingAhead).toBe(2);
  });
});
