import { describe, expect, it } from 'vitest';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

const issuedToday = async (base: string, categoryId: string): Promise<number> =>
  (await api(base, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === categoryId).issuedToday;

describe('kiosk, display and the mobile ticket page', () => {
  const ui = uiSuite();

  it('a kiosk tap shows the number, and a display in another tab announces its call', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await ctx.newPage();
    const errors = watchErrors(kiosk);
    await kiosk.goto(`${ui.s.url}/kiosk-ui/`);
    await kiosk.waitForSelector('[data-category=cat_A]');
    expect(await kiosk.evaluate(() => document.fonts.check('24px "Noto Sans CJK SC"', '综合受理'))).toBe(true);
    await shot(kiosk, 'e2e-kiosk-home');

    await kiosk.click('[data-category=cat_A]');
    await kiosk.click('[data-test=take]');
    await kiosk.waitForSelector('[data-test=ticket-number]');
    expect(await kiosk.textContent('[data-test=ticket-number]')).toBe('A001');
    expect(await kiosk.textContent('[data-test=ahead]')).toContain('前面没有人');
    await shot(kiosk, 'e2e-kiosk-result');

    const display = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const displayErrors = watchErrors(display);
    await display.goto(`${ui.s.url}/display-ui/`);
    await display.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    expect(await display.textContent('[data-test=queue-counts] [data-category=cat_A]')).toContain('1');

    const token = await login(ui.s.url, 'clerk01');
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(token))).status).toBe(200);
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token))).status).toBe(200);
    await display.waitForFunction(() => document.querySelector('[data-test=latest-number]')?.textContent === 'A001');
    expect(await display.textContent('[data-test=latest-call]')).toContain('1号窗口');
    expect(await display.textContent('[data-test=recent-calls]')).toContain('A001');
    await display.waitForFunction(() => document.querySelector('[data-window=win_1]')?.textContent?.includes('A001'));
    await shot(display, 'e2e-display-call');
    expect(errors).toEqual([]);
    expect(displayErrors).toEqual([]);
    await ctx.close();
  });

  it('calls that arrive together are all shown, one after another', async () => {
    const display = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await display.goto(`${ui.s.url}/display-ui/`);
    await display.waitForSelector('[data-test=recent-calls]');
    for (const c of ['cat_A', 'cat_A']) await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: c });
    const t1 = await login(ui.s.url, 'clerk02');
    const t3 = await login(ui.s.url, 'clerk03');
    await api(ui.s.url, 'POST', '/api/windows/win_2/open', undefined, bearer(t1));
    await api(ui.s.url, 'POST', '/api/windows/win_3/open', undefined, bearer(t3));
    await Promise.all([
      api(ui.s.url, 'POST', '/api/windows/win_2/call-next', undefined, bearer(t1)),
      api(ui.s.url, 'POST', '/api/windows/win_3/call-next', undefined, bearer(t3)),
    ]);
    const seen = new Set<string>();
    const deadline = Date.now() + 15_000;
    while (seen.size < 2 && Date.now() < deadline) {
      const n = await display.textContent('[data-test=latest-number]').catch(() => null);
      if (n === 'A002' || n === 'A003') seen.add(n);
      await display.waitForTimeout(250);
    }
    expect([...seen].sort()).toEqual(['A002', 'A003']);
  });

  it('a double tap issues one ticket, and a retry after a lost answer gets the same ticket', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1280, height: 1024 } })).newPage();
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.click('[data-category=cat_C]');
    const before = await issuedToday(ui.s.url, 'cat_C');
    await page.$eval('[data-test=take]', (b) => {
      (b as HTMLButtonElement).click();
      (b as HTMLButtonElement).click();
    });
    await page.waitForSelector('[data-test=ticket-number]');
    expect(await issuedToday(ui.s.url, 'cat_C')).toBe(before + 1);

    // The server issues the ticket but the kiosk never hears back: the retry reuses the Idempotency-Key.
    await page.click('[data-test=done]');
    await page.click('[data-category=cat_D]');
    const keys: string[] = [];
    let drop = true;
    await page.route('**/api/halls/demo/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      const res = await route.fetch();
      if (drop) {
        drop = false;
        return route.abort('connectionreset');
      }
      return route.fulfill({ response: res });
    });
    await page.click('[data-test=take]');
    await page.waitForSelector('[data-code=NETWORK]');
    await shot(page, 'e2e-kiosk-network-error');
    await page.click('[data-test=retry]');
    await page.click('[data-test=take]');
    await page.waitForSelector('[data-test=ticket-number]');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await page.textContent('[data-test=ticket-number]')).toBe('D001');
    expect(await issuedToday(ui.s.url, 'cat_D')).toBe(1);
  });

  it('the mobile ticket page follows the ticket and alerts when it is called', async () => {
    const issued = await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_Q' });
    const page = await (await ui.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
    await page.goto(`${ui.s.url}/kiosk-ui/ticket.html?id=${issued.body.id}#key=${issued.body.key}`);
    await page.waitForSelector('[data-test=ticket-number]');
    expect(await page.textContent('[data-test=ticket-number]')).toBe(issued.body.number);
    await shot(page, 'e2e-mobile-waiting');
    // win_9 (出件) has no A/B clerk: any clerk may open it.
    const clerk = await login(ui.s.url, 'clerk06');
    expect((await api(ui.s.url, 'POST', '/api/windows/win_9/open', undefined, bearer(clerk))).status).toBe(200);
    expect((await api(ui.s.url, 'POST', '/api/windows/win_9/call-next', undefined, bearer(clerk))).status).toBe(200);
    await page.waitForSelector('[data-test=called-alert]');
    expect(await page.textContent('[data-test=called-alert]')).toContain('请到 9 号窗口');
    await shot(page, 'e2e-mobile-called');
    // 重呼: the ticket's page alerts again.
    const alerts = Number(await page.getAttribute('[data-test=called-alert]', 'data-alerts'));
    expect((await api(ui.s.url, 'POST', '/api/windows/win_9/recall', undefined, bearer(clerk))).status).toBe(200);
    await page.waitForSelector('[data-test=recall-notice]');
    expect(Number(await page.getAttribute('[data-test=called-alert]', 'data-alerts'))).toBe(alerts + 1);
    await shot(page, 'e2e-mobile-recalled');

    const screen = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await screen.goto(`${ui.s.url}/display-ui/window.html?window=win_9`);
    await screen.waitForSelector('[data-test=clerk-name]');
    expect(await screen.textContent('[data-test=clerk-name]')).toBe('周海涛');
    expect(await screen.textContent('[data-test=current-number]')).toBe(issued.body.number);
    await shot(screen, 'e2e-window-screen');
  });
});
