import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { connectRecorder, hallSeq, type Recorder } from '../../helpers/queue.ts';

const HALL_WIDE = new Set(['call', 'queue', 'window']);

/**
 * Screens connecting together share one snapshot (server/realtime/shared-snapshots.ts): each still
 * starts from a snapshot that, with the events after its seq, misses nothing, while issues and
 * calls go on as they connect.
 */
describe('shared snapshots for screens connecting at once', () => {
  let s: TestServer;
  let clerk = '';
  const open: Recorder[] = [];
  beforeAll(async () => {
    s = await startServer();
    clerk = await login(s.url, 'clerk01');
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk))).status).toBe(200);
  });
  afterAll(async () => {
    for (const r of open) r.close();
    await s.close();
  });

  it('30 displays and 10 kiosks connecting during a burst of issues and calls each see every event after their snapshot; asking again together, each gets one', async () => {
    const work: Array<Promise<unknown>> = [];
    const screens: Array<Promise<Recorder>> = [];
    for (let i = 0; i < 40; i++) {
      screens.push(connectRecorder(s.url, { hallId: 'demo', role: i % 4 === 3 ? 'kiosk' : 'display' }));
      if (i % 4 === 0) work.push(api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' }));
      if (i % 8 === 4) work.push(api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerk)));
    }
    open.push(...(await Promise.all(screens)));
    await Promise.all(work);
    const last = await hallSeq(s);
    for (const r of open) {
      const start = r.snapshot.seq as number;
      if (start < last) await r.waitFor((e) => e.msg?.seq === last);
      const seqs = r.events.filter((e) => HALL_WIDE.has(e.event)).map((e) => e.msg.seq as number).filter((q) => q > start);
      expect(seqs).toEqual(Array.from({ length: last - start }, (_, k) => start + 1 + k));
      expect(r.events.filter((e) => e.event === 'snapshot')).toHaveLength(1);
    }

    // All of them asking again at once (resync): each gets one snapshot, at the hall's seq.
    for (const r of open) r.socket.emit('resync');
    for (const r of open) {
      const again = await r.waitFor((e) => e.event === 'snapshot' && e.msg !== r.snapshot);
      expect(again.msg.seq).toBe(last);
    }
  });
});
