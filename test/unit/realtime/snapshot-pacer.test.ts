import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../server/limits.ts';
import { SnapshotPacer } from '../../../server/realtime/limits.ts';

/** A snapshot query the test finishes by hand, counting how many run at once. */
function querySpy() {
  const spy = { started: 0, running: 0, maxRunning: 0, finish: [] as Array<() => void> };
  const send = () =>
    new Promise<void>((resolve) => {
      spy.running++;
      spy.maxRunning = Math.max(spy.maxRunning, spy.running);
      spy.finish.push(() => {
        spy.running--;
        resolve();
      });
    });
  return { spy, send };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('SnapshotPacer: one snapshot query per socket at a time, requests coalesced', () => {
  it('with limits off (HALLQ_RATE_LIMIT=0), 5,000 requests during one query make exactly one more, never a queue', async () => {
    const { spy, send } = querySpy();
    const pacer = new SnapshotPacer(new Limiter(false, { name: 't', points: 1, perSeconds: 3 }), 'sock', send, () => spy.started++);
    pacer.request();
    await settle();
    for (let i = 0; i < 5000; i++) pacer.request();
    expect(spy.started).toBe(1);
    spy.finish.shift()!();
    await settle();
    expect(spy.started).toBe(2);
    spy.finish.shift()!();
    await settle();
    expect(spy.started).toBe(2);
    expect(spy.maxRunning).toBe(1);
    pacer.request(); // idle again: answered at once
    await settle();
    expect(spy.started).toBe(3);
  });

  it('a closed pacer (socket gone) starts nothing more, not even the pending one', async () => {
    const { spy, send } = querySpy();
    const pacer = new SnapshotPacer(new Limiter(true, { name: 't2', points: 1, perSeconds: 3 }), 'sock', send, () => spy.started++);
    pacer.request();
    await settle();
    pacer.request(); // pending, and paced: would wait for the next 3 s window
    pacer.close();
    spy.finish.shift()!();
    await settle();
    pacer.request();
    await settle();
    expect(spy.started).toBe(1);
  });
});
