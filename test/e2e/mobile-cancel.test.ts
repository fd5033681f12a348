import { describe, expect, it } from 'vitest';
import { api } from '../helpers/server.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

describe('mobile ticket page: 取消排队', () => {
  const ui = uiSuite();

  it('without the QR key the page opens nothing; with it the citizen leaves the queue after a confirm; the place frees up', async () => {
    const mine = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' })).body;
    const next = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' })).body;
    const page = await (await ui.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const errors = watchErrors(page);
    // The id alone (read off a display, guessed) opens nothing; the QR's key does.
    await page.goto(`${ui.s.url}/kiosk-ui/ticket.html?id=${mine.id}`);
    await page.waitForSelector('main.failure:not(:empty)');
    await page.waitForFunction(() => document.querySelector('main.failure')?.textContent?.includes('二维码'));
    expect(await page.$('[data-test=ticket-cancel]')).toBeNull();
    await shot(page, 'e2e-mobile-no-key');
    await page.goto(`${ui.s.url}/kiosk-ui/ticket.html?id=${mine.id}#key=${mine.key}`);
    await page.reload(); // a fragment-only change does not reload the page
    await page.waitForSelector('[data-test=ticket-cancel]');
    await shot(page, 'e2e-mobile-cancel');
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-test=ticket-cancel]');
    await page.waitForFunction(() => !document.querySelector('[data-test=ticket-cancel]'));
    expect(await page.textContent('.status')).toBe('已取消');
    expect((await api(ui.s.url, 'GET', `/api/tickets/${mine.id}`, undefined, { 'x-ticket-key': mine.key })).body.status).toBe('cancelled');
    expect((await api(ui.s.url, 'GET', `/api/tickets/${next.id}`, undefined, { 'x-ticket-key': next.key })).body.waitingAhead).toBe(0);
    expect(errors).toEqual([]);
  });
});
