import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueTicket } from '../../server/services/tickets.ts';
import { forgetOldPhones, PHONE_KEPT_DAYS } from '../../server/services/callbacks.ts';
import { freshHall, type Hall } from '../helpers/services.ts';

const DAY = 86_400_000;

// Privacy: the whole phone a citizen gave for the 回访 is kept for that call and the month's
// review, then forgotten; the ticket itself keeps only the last four digits.
describe('the whole phone numbers kept for 回访', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall(Date.parse('2026-11-02T09:00:00+08:00'));
  });
  afterEach(() => h.close());

  it('are forgotten after PHONE_KEPT_DAYS by the day-end sweep, and not before', async () => {
    const t = (await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A', phone: '13912345678' }))).result;
    const kept = () => h.db.selectFrom('ticket_phones').select('phone').where('ticket_id', '=', t.id).execute();
    expect(await kept()).toEqual([{ phone: '13912345678' }]);
    const sweep = async () => (await h.run(async (trx) => ({ result: await forgetOldPhones(trx, h.clock.now()), events: [] }))).result;
    h.clock.advance((PHONE_KEPT_DAYS - 1) * DAY);
    expect(await sweep()).toBe(0);
    expect(await kept()).toHaveLength(1);
    h.clock.advance(2 * DAY);
    expect(await sweep()).toBe(1);
    expect(await kept()).toEqual([]);
    const row = await h.db.selectFrom('tickets').select('phone_last4').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.phone_last4).toBe('5678');
  });
});
