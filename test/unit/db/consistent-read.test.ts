import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { consistentRead } from '../../../server/db/unit-of-work.ts';
import { describePostgresOnly } from '../../helpers/pg.ts';
import { freshHall, type Hall } from '../../helpers/services.ts';

/**
 * A snapshot and its seq are read in one view of the database (realtime/index.ts). On SQLite one
 * connection runs one transaction at a time, so nothing can commit between a snapshot's reads.
 */
describePostgresOnly('SQLite runs one transaction at a time on its one connection', 'consistent reads on PostgreSQL', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const seq = async (db: Hall['db']) => Number((await db.selectFrom('halls').select('event_seq').where('id', '=', 'demo').executeTakeFirstOrThrow()).event_seq);
  // Another connection of the pool commits a change of the hall's seq while the read transaction is open.
  const bumpElsewhere = () => h.db.transaction().execute((trx) => sql`update halls set event_seq = event_seq + 5 where id = 'demo'`.execute(trx));

  it('a read-committed transaction sees what commits between its statements (the hazard)', async () => {
    const [before, after] = await h.db.transaction().execute(async (trx) => {
      const a = await seq(trx);
      await bumpElsewhere();
      return [a, await seq(trx)];
    });
    expect(after).toBe(before + 5);
  });

  it('consistentRead sees one view: what commits meanwhile is not in it', async () => {
    const [before, after] = await consistentRead(h.db, async (trx) => {
      const a = await seq(trx);
      await bumpElsewhere();
      return [a, await seq(trx)];
    });
    expect(after).toBe(before);
    expect(await seq(h.db)).toBe(before + 5);
  });
});
