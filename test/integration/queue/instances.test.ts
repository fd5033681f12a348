import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, bearer, login, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { connectRecorder, hallSeq } from '../../helpers/queue.ts';
import { describePostgresOnly } from '../../helpers/pg.ts';
import { until } from '../../helpers/wait.ts';

describePostgresOnly('several instances share one database only on PostgreSQL', 'two instances on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const dataDir = tempDataDir();
    a = await startServer({ dataDir });
    b = await startServer({ dataDir });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a display on either instance receives the calls made on both, in seq order, and resyncs against either', async () => {
    const onA = await connectRecorder(a.url, { hallId: 'demo', role: 'display' });
    const onB = await connectRecorder(b.url, { hallId: 'demo', role: 'display' });
    try {
      const start = await hallSeq(a);
      expect(onA.snapshot.seq).toBe(start);
      expect(onB.snapshot.seq).toBe(start);
      for (let i = 0; i < 12; i++) await api(i % 2 ? a.url : b.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
      const clerks = [await login(a.url, 'clerk01'), await login(b.url, 'clerk02')];
      expect((await api(a.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerks[0]))).status).toBe(200);
      expect((await api(b.url, 'POST', '/api/windows/win_2/open', undefined, bearer(clerks[1]))).status).toBe(200);
      // Both windows press "next" at once, each on its own instance, several times over.
      const numbers: string[] = [];
      for (let round = 0; round < 5; round++) {
        const rs = await Promise.all([
          api(a.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerks[0])),
          api(b.url, 'POST', '/api/windows/win_2/call-next', undefined, bearer(clerks[1])),
        ]);
        for (const r of rs) {
          expect(r.status).toBe(200);
          numbers.push(r.body.ticket.number);
        }
      }
      expect(new Set(numbers).size).toBe(10);
      const last = await hallSeq(a);
      for (const d of [onA, onB]) {
        await until(() => d.events.some((e) => e.event !== 'snapshot' && e.msg.seq === last));
        const seqs = d.events.filter((e) => e.event !== 'snapshot').map((e) => e.msg.seq);
        // Every hall-wide event from both instances, each once, in order, no gap.
        expect(seqs).toEqual(Array.from({ length: last - start }, (_, i) => start + 1 + i));
        expect(d.events.filter((e) => e.event === 'call').map((e) => e.msg.number).sort()).toEqual([...numbers].sort());
      }
      // resync against the other instance: the same state, at the same seq.
      onB.socket.emit('resync');
      const again = await onB.waitFor((e) => e.event === 'snapshot' && e.msg.seq === last);
      expect(again.msg.recentCalls.map((c: { number: string }) => c.number).sort()).toEqual([...numbers].sort());
    } finally {
      onA.close();
      onB.close();
    }
  });
});
