import { describe, expect, it } from 'vitest';
import { api } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

describe('staff pages', () => {
  const ui = uiSuite();

  it('a clerk signs in, opens a window and calls the next number', async () => {
    for (const c of ['cat_B', 'cat_B']) expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: c })).status).toBe(201);
    const page = await (await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'clerk04');
    await shot(page, 'e2e-staff-picker');
    await page.click('[data-window=win_4] [data-test=choose-window]');
    await page.waitForSelector('[data-test=window-status]');
    expect(await page.textContent('[data-test=window-status]')).toBe('服务中');
    await page.click('[data-action=call-next]');
    await page.waitForFunction(() => document.querySelector('[data-test=current-number]')?.textContent === 'B001');
    expect(await page.textContent('[data-test=desk-message]')).toContain('B001');
    await page.click('[data-action=start]');
    await page.waitForFunction(() => document.querySelector('[data-action=recall]')?.hasAttribute('disabled'));
    await shot(page, 'e2e-staff-console');

    // Pause with a reason, then resume.
    await page.click('[data-action=complete]');
    await page.waitForFunction(() => document.querySelector('[data-test=current-number]')?.textContent === '—');
    await page.click('[data-action=pause]');
    await page.click('[data-test=pause-confirm]');
    await page.waitForFunction(() => document.querySelector('[data-test=window-status]')?.textContent === '暂停服务');
    await page.click('[data-action=resume]');
    await page.waitForFunction(() => document.querySelector('[data-test=window-status]')?.textContent === '服务中');
    expect(errors).toEqual([]);
  });

  it('a wrong password is shown as such', async () => {
    const page = await (await ui.browser.newContext()).newPage();
    await page.goto(`${ui.s.url}/staff-ui/`);
    await page.fill('input[name=username]', 'clerk01');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=login-error]');
    expect(await page.textContent('[data-test=login-error]')).toContain('密码错误');
  });

  it('the manager dashboard draws the chart and the window table', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'manager');
    await page.waitForSelector('[data-test=stats-chart] canvas');
    await page.waitForSelector('[data-test=window-table] [data-window=win_4]');
    expect(await page.textContent('[data-test=totals]')).toContain('今日取号 2');
    expect(await page.textContent('[data-test=window-table] [data-window=win_4]')).toContain('服务中');
    await page.waitForTimeout(300);
    await shot(page, 'e2e-manager-dashboard');
    expect(errors).toEqual([]);
  });
});
