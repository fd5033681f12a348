import { describe, expect, it } from 'vitest';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

describe('a display for part of the hall (?windows=4-5)', () => {
  const ui = uiSuite();

  it('shows and announces only its windows’ calls and the queues they serve', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const errors = watchErrors(page);
    await page.goto(`${ui.s.url}/display-ui/?windows=4-5`);
    await page.waitForSelector('[data-test=window-board]');
    expect(await page.locator('[data-test=window-board] [data-window]').count()).toBe(2);

    const c1 = bearer(await login(ui.s.url, 'clerk01'));
    const c4 = bearer(await login(ui.s.url, 'clerk04'));
    await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, c1);
    await api(ui.s.url, 'POST', '/api/windows/win_4/open', undefined, c4);
    await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' });
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, c1)).body.ticket.number).toBe('A001');
    expect((await api(ui.s.url, 'POST', '/api/windows/win_4/call-next', undefined, c4)).body.ticket.number).toBe('B001');

    await page.waitForFunction(() => document.querySelector('[data-test=latest-number]')?.textContent === 'B001');
    await page.waitForTimeout(300);
    expect(await page.textContent('main')).not.toContain('A001');
    await shot(page, 'e2e-display-zone');
    expect(errors).toEqual([]);
  });
});
