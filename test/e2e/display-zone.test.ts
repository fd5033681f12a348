import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, startUiServer, watchErrors } from './helpers.ts';

describe('a display for part of the hall (?windows=4-5)', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows and announces only its windows’ calls and the queues they serve', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const errors = watchErrors(page);
    await page.goto(`${s.url}/display-ui/?windows=4-5`);
    await page.waitForSelector('[data-test=window-board]');
    expect(await page.locator('[data-test=window-board] [data-window]').count()).toBe(2);

    const c1 = bearer(await login(s.url, 'clerk01'));
    const c4 = bearer(await login(s.url, 'clerk04'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, c1);
    await api(s.url, 'POST', '/api/windows/win_4/open', undefined, c4);
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' });
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, c1)).body.ticket.number).toBe('A001');
    expect((await api(s.url, 'POST', '/api/windows/win_4/call-next', undefined, c4)).body.ticket.number).toBe('B001');

    await page.waitForFunction(() => document.querySelector('[data-test=latest-number]')?.textContent === 'B001');
    await page.waitForTimeout(300);
    expect(await page.textContent('main')).not.toContain('A001');
    await shot(page, 'e2e-display-zone');
    expect(errors).toEqual([]);
  });
});
