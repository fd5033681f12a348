/**
 * startUiServer with a settable clock, for pages whose rules depend on the hour (预约 check-in within
 * 30 minutes of the slot, cases past their promised date). Pair it with `page.clock.setFixedTime`
 * so the browser and the server agree on "now".
 */
import fs from 'node:fs';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { Clock } from '../../server/clock.ts';
import { DEMO_PASSWORD, ManualClock, tempDataDir, type TestServer } from '../helpers/server.ts';

export { ManualClock };

/** The real clock, shifted: time runs as usual, and a test can jump days ahead (a follow-up falls due). */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export async function startUiServerAt(clock: Clock): Promise<TestServer> {
  const dataDir = tempDataDir('hallq-e2e-');
  const config = readConfig(
    { HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: DEMO_PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_SERVE_UI: '1' },
    { port: 0, host: '127.0.0.1' },
  );
  const app = await buildApp(config, { clock, logger: false, dayEndIntervalMs: 0 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Today in the hall's zone (Asia/Shanghai) at a given wall time, as an instant. */
export function hallTodayAt(hhmm: string, from: Date = new Date()): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(from);
  return new Date(`${day}T${hhmm}:00+08:00`);
}
