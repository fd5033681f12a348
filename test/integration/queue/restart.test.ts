import { afterAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { connectRecorder, hallSeq } from '../../helpers/queue.ts';

describe('restart on the same data folder', () => {
  const dataDir = tempDataDir();
  const clock = new ManualClock(Date.parse('2026-11-23T10:00:00+08:00'));
  const running: TestServer[] = [];
  afterAll(async () => {
    for (const s of running) await s.close().catch(() => {});
  });

  it('keeps tickets, sessions, windows, the numbering, the ID-number hash key and the event seq', async () => {
    const first = await startServer({ dataDir, clock });
    running.push(first);
    const issued = [];
    for (let i = 0; i < 3; i++) issued.push((await api(first.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', ...(i === 0 ? { idNumber: '11010519491231002X' } : {}) })).body);
    expect(issued.map((t) => t.number)).toEqual(['A001', 'A002', 'A003']);
    const token = await login(first.url, 'clerk01');
    expect((await api(first.url, 'POST', '/api/windows/win_1/open', undefined, bearer(token))).status).toBe(200);
    const called = await api(first.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token));
    expect(called.body.ticket.number).toBe('A001');
    const seqBefore = await hallSeq(first);
    expect(seqBefore).toBeGreaterThan(0);
    await first.close();

    clock.advance(5 * 60_000);
    const second = await startServer({ dataDir, clock });
    running.push(second);
    expect(second.dataDir).toBe(first.dataDir);

    // The tickets' keys (their QRs) hold across the restart too.
    const holds = (t: { key: string }) => ({ 'x-ticket-key': t.key });
    for (const t of issued) expect((await api(second.url, 'GET', `/api/tickets/${t.id}`, undefined, holds(t))).status).toBe(200);
    expect((await api(second.url, 'GET', `/api/tickets/${issued[0].id}`, undefined, holds(issued[0]))).body).toMatchObject({ number: 'A001', status: 'called', windowNo: 1 });
    expect((await api(second.url, 'GET', `/api/tickets/${issued[2].id}`, undefined, holds(issued[2]))).body).toMatchObject({ status: 'waiting', waitingAhead: 1 });

    const display = await connectRecorder(second.url, { hallId: 'demo', role: 'display' });
    try {
      expect(display.snapshot.seq).toBe(seqBefore);
      expect(display.snapshot.recentCalls.map((c: { number: string }) => c.number)).toEqual(['A001']);
      expect(display.snapshot.hall.windows.find((w: { id: string }) => w.id === 'win_1')).toMatchObject({ status: 'open', currentNumber: 'A001' });

      const a4 = await api(second.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
      expect(a4.body.number).toBe('A004');
      const q = await display.waitFor((e) => e.event === 'queue');
      expect(q.msg.seq).toBe(seqBefore + 1);

      // The HMAC key for ID numbers survived: the same person is still recognised.
      const again = await api(second.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', idNumber: '11010519491231002X' });
      expect(again.status).toBe(409);
      // An anonymous caller learns the number, not the id (a kiosk or a clerk gets the id, to reprint).
      expect(again.body.error).toMatchObject({ code: 'ALREADY_WAITING', details: { number: 'A001' } });
      expect(again.body.error.details.ticketId).toBeUndefined();

      // The session token still works; the window is still bound to its clerk.
      const next = await api(second.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token));
      expect(next.status).toBe(200);
      expect(next.body.ticket.number).toBe('A002');
      const call = await display.waitFor((e) => e.event === 'call');
      expect(call.msg).toMatchObject({ number: 'A002', seq: expect.any(Number) });
      expect(call.msg.seq).toBeGreaterThan(seqBefore + 1);
      const seqs = display.events.filter((e) => e.event !== 'snapshot').map((e) => e.msg.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqBefore + 1 + i));
    } finally {
      display.close();
    }
  });
});
