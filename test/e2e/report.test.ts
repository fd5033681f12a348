import { describe, expect, it } from 'vitest';
import { api } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

describe('manager dashboard: period report (月调度)', () => {
  const ui = uiSuite();

  it("shows this month's figures with a daily line and a table per service", async () => {
    for (const c of ['cat_A', 'cat_A', 'cat_C']) expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: c })).status).toBe(201);
    const page = await (await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'manager');
    await page.waitForSelector('[data-test=report-cards] .kpi');
    const first = await page.textContent('[data-test=report-cards] .kpi');
    expect(first).toContain('取号');
    expect(first).toContain('3');
    expect(await page.textContent('[data-test=report-panel] table')).toContain('公安户政');
    await page.evaluate(() => document.querySelector('[data-test=report-panel]')?.scrollIntoView());
    await page.waitForTimeout(200);
    await shot(page, 'e2e-manager-report');
    expect(errors).toEqual([]);
  });
});
