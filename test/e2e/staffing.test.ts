import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.ts';
import { countyHallDay, simulateDay } from '../../server/simulator/index.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

describe('manager dashboard: staffing advice (窗口配置建议)', () => {
  const clock = new ManualClock(at('2026-11-23', '10:20'));
  const ui = uiSuite({ clock });

  it('shows the windows each category needs per hour beside those open now, at 1366x768', async () => {
    // Last Monday's records (simulated through the engine) give the usual pattern.
    await simulateDay(ui.s.app.db, { clock: new ManualClock(at('2026-11-16', '00:00')), idHashKey: Buffer.alloc(32), publicUrl: '' }, countyHallDay('2026-11-16', 3, 10, 375));
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'manager');
    const row = page.locator('[data-test=staffing] [data-category=cat_B]');
    await row.waitFor();
    expect(await page.textContent('[data-test=staffing] h3')).toBe('窗口配置建议');
    // Nothing open yet while 不动产登记 is expected: more needed than open, marked.
    expect(await row.locator('td').nth(1).textContent()).toBe('0');
    expect(await row.locator('td.hot').textContent()).toContain('↑');
    await page.locator('[data-test=staffing]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-staffing-advice');
    expect(errors).toEqual([]);
  }, 120_000);
});
