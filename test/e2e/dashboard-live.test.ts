/**
 * The manager dashboard is live everywhere: a ticket taken or finished moves 今日取号, 等候, 办结
 * and 更新于 together, without 刷新, and a burst of events costs a few reloads, not one each.
 */
import { expect, it } from 'vitest';
import { describeSqliteOnly } from '../helpers/pg.ts';
import { api, bearer, login } from '../helpers/server.ts';
import { staffLogin, uiSuite, watchErrors } from './helpers.ts';

describeSqliteOnly('a page reading the socket feed: the database under it adds nothing', 'the manager dashboard follows the hall live', () => {
  const ui = uiSuite();

  it('totals and 更新于 follow a new ticket and a finished one within seconds, coalesced', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    const statsLoads: number[] = [];
    page.on('request', (r) => r.url().includes('/stats/today') && statsLoads.push(Date.now()));
    await staffLogin(page, ui.s.url, 'manager');
    await page.waitForSelector('[data-test=totals]');
    const totals = () => page.textContent('[data-test=totals]');
    expect(await totals()).toContain('今日取号 0，办结 0，等候 0');
    // The refresh's own time (ms): the words show seconds, and two refreshes can fall in one second.
  const refreshedAt = () => page.getAttribute('[data-test=updated-at]', 'data-at');
  const firstUpdate = await refreshedAt();
  expect(await page.textContent('[data-test=updated-at]')).toMatch(/\d\d:\d\d:\d\d/);

    // Well inside the 30 s refresh: only the socket event can bring these.
    expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    await page.waitForFunction(() => document.querySelector('[data-test=totals]')?.textContent?.includes('今日取号 1，办结 0，等候 1'), undefined, { timeout: 5000 });
    await page.waitForFunction((before) => (document.querySelector('[data-test=updated-at]') as HTMLElement | null)?.dataset.at !== before, firstUpdate, { timeout: 5000 });

    const clerk = await login(ui.s.url, 'clerk01');
    for (const action of ['open', 'call-next', 'complete']) expect((await api(ui.s.url, 'POST', `/api/windows/win_1/${action}`, undefined, bearer(clerk))).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-test=totals]')?.textContent?.includes('今日取号 1，办结 1，等候 0'), undefined, { timeout: 5000 });
    expect(await page.textContent('[data-test=window-table] [data-window=win_1]')).toContain('1');

    // Ten tickets at once: the figures catch up, with a handful of reloads.
    const before = statsLoads.length;
    await Promise.all(Array.from({ length: 10 }, () => api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' })));
    await page.waitForFunction(() => document.querySelector('[data-test=totals]')?.textContent?.includes('今日取号 11，办结 1，等候 10'), undefined, { timeout: 5000 });
    expect(statsLoads.length - before).toBeLessThanOrEqual(4);
    expect(errors).toEqual([]);
  }, 120_000);
});
