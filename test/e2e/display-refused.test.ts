import { describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

describe('a wall display refused for a limit', () => {
  // One anonymous connection per address: the second display is refused (TOO_MANY_CONNECTIONS).
  const ui = uiSuite({ rateLimit: 100_000, socketsPerAddress: 1 });

  it('shows it is offline, and connects by itself once a place is free (socket.io does not retry such a refusal)', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const first = await ctx.newPage();
    await first.goto(`${ui.s.url}/display-ui/`);
    await first.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    await first.waitForSelector('.banner-offline', { state: 'detached' });

    const second = await ctx.newPage();
    const errors = watchErrors(second);
    let refused = false;
    second.on('websocket', (ws) => ws.on('framereceived', (f) => void (String(f.payload).includes('TOO_MANY_CONNECTIONS') && (refused = true))));
    // The page's timers run on a clock the test can move: the retry waits 10 to 30 s.
    await second.clock.install();
    await second.goto(`${ui.s.url}/display-ui/`);
    await until(() => refused);
    expect(await second.isVisible('.banner-offline')).toBe(true);

    await first.close();
    await until(async () => {
      await second.clock.fastForward(31_000);
      return !(await second.isVisible('.banner-offline'));
    }, 15_000);
    await second.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    await shot(second, 'e2e-display-back-after-refusal');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
