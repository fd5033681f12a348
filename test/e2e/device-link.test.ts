import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/** Everything the page's Content-Security-Policy refused, as the page itself reports it. */
async function watchCsp(ctx: BrowserContext): Promise<(page: Page) => string[]> {
  await ctx.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleErrors = new Map<Page, string[]>();
  ctx.on('page', (p) => {
    const list: string[] = [];
    consoleErrors.set(p, list);
    p.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()) && list.push(m.text()));
  });
  return (page) => [...(consoleErrors.get(page) ?? [])];
}
const violations = async (page: Page, consoleOf: (p: Page) => string[]) => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...consoleOf(page)];

describe('a kiosk link works once: the page trades its token, cleans the address bar, and keeps working', () => {
  const ui = uiSuite();

  const takeNumber = async (page: Page, category: string) => {
    await page.click(`[data-category=${category}]`);
    await page.click('[data-test=take]');
    const number = await (await page.waitForSelector('[data-test=ticket-number]')).textContent();
    const t = await ui.s.app.db.selectFrom('tickets').select('id').where('number', '=', number!).orderBy('issued_at', 'desc').executeTakeFirstOrThrow();
    return t.id;
  };
  const printedBy = async (ticketId: string) =>
    (await ui.s.app.db.selectFrom('print_jobs').select('device_id').where('ticket_id', '=', ticketId).executeTakeFirst())?.device_id ?? null;

  it('the kiosk opened with ?deviceToken= ends with a clean URL, prints as the kiosk, also after a reload; the link is then dead', async () => {
    const admin = await login(ui.s.url, 'admin');
    const kiosk = (await api(ui.s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '南门取号机' }, bearer(admin))).body;
    const ctx = await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const consoleOf = await watchCsp(ctx);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${ui.s.url}/kiosk-ui/?deviceToken=${kiosk.enrolToken}`);
    await page.waitForSelector('[data-category=cat_A]');
    expect(page.url()).toBe(`${ui.s.url}/kiosk-ui/`);
    const kept = await page.evaluate(() => localStorage.getItem('hallq.deviceToken'));
    expect(kept).toMatch(/^dsk_/);
    await shot(page, 'e2e-kiosk-enrolled');

    // It is the kiosk: its tickets print on the kiosk's printer.
    const first = await takeNumber(page, 'cat_A');
    expect(await printedBy(first)).toBe(kiosk.id);

    // Its own link opened again on this kiosk: refused, but the kiosk keeps what it has, with no notice.
    await page.goto(`${ui.s.url}/kiosk-ui/?deviceToken=${kiosk.enrolToken}`);
    await page.waitForSelector('[data-category=cat_A]');
    expect(page.url()).toBe(`${ui.s.url}/kiosk-ui/`);
    expect(await page.evaluate(() => localStorage.getItem('hallq.deviceToken'))).toBe(kept);
    expect(await page.$('[data-test=enrol-refused]')).toBeNull();
    await page.reload();
    await page.waitForSelector('[data-category=cat_A]');
    expect(page.url()).toBe(`${ui.s.url}/kiosk-ui/`);
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-category=cat_B]');
    const second = await takeNumber(page, 'cat_B');
    expect(await printedBy(second)).toBe(kiosk.id);
    expect(errors).toEqual([]);
    expect(await violations(page, consoleOf)).toEqual([]);

    // The link no longer makes anyone a kiosk: not the API, not another browser.
    const again = await api(ui.s.url, 'POST', '/api/devices/session', { token: kiosk.enrolToken });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('ENROLMENT_USED');
    expect((await api(ui.s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.enrolToken })).status).toBe(401);
    const other = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await other.goto(`${ui.s.url}/kiosk-ui/?deviceToken=${kiosk.enrolToken}`);
    await other.waitForSelector('[data-category=cat_A]');
    expect(other.url()).toBe(`${ui.s.url}/kiosk-ui/`);
    expect(await other.evaluate(() => localStorage.getItem('hallq.deviceToken'))).toBeNull();
    // Whoever opened it is told the page is no kiosk now, and how to get a new link.
    expect(await (await other.waitForSelector('[data-test=enrol-refused]')).textContent()).toContain('此设备链接已使用过或已失效');
    await shot(other, 'e2e-kiosk-link-used');
    await other.click('[data-test=enrol-refused-close]');
    await other.waitForSelector('[data-test=enrol-refused]', { state: 'detached' });
    const phoneTicket = await takeNumber(other, 'cat_A');
    expect(await printedBy(phoneTicket)).toBeNull();
    await ctx.close();
  });

  it('a link of a device registered before (its own token) still enrols, and the token keeps working for its agent', async () => {
    const admin = await login(ui.s.url, 'admin');
    const kiosk = (await api(ui.s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '老取号机' }, bearer(admin))).body;
    const page = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await page.goto(`${ui.s.url}/kiosk-ui/?deviceToken=${kiosk.token}`);
    await page.waitForSelector('[data-category=cat_A]');
    expect(page.url()).toBe(`${ui.s.url}/kiosk-ui/`);
    expect(await printedBy(await takeNumber(page, 'cat_C'))).toBe(kiosk.id);
    expect((await api(ui.s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.token })).status).toBe(200);
    // Revoking the device ends what the page got with it too.
    expect((await api(ui.s.url, 'DELETE', `/api/devices/${kiosk.id}`, undefined, bearer(admin))).status).toBe(200);
    const kept = (await page.evaluate(() => localStorage.getItem('hallq.deviceToken')))!;
    expect((await api(ui.s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kept })).status).toBe(401);
  });

  it('the evaluator and display pages trade their link too; no page breaks its Content-Security-Policy', async () => {
    const admin = await login(ui.s.url, 'admin');
    const evaluator = (await api(ui.s.url, 'POST', '/api/devices', { kind: 'evaluator', name: '3号窗口评价器', windowId: 'win_3' }, bearer(admin))).body;
    const display = (await api(ui.s.url, 'POST', '/api/devices', { kind: 'display', name: '大厅屏' }, bearer(admin))).body;

    const tablet = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tabletCsp = await watchCsp(tablet);
    const ev = await tablet.newPage();
    await ev.goto(`${ui.s.url}/display-ui/evaluator.html?window=win_3&deviceToken=${evaluator.enrolToken}`);
    await ev.waitForFunction(() => !location.search.includes('deviceToken'));
    expect(ev.url()).toBe(`${ui.s.url}/display-ui/evaluator.html?window=win_3`);
    expect(await ev.evaluate(() => localStorage.getItem('hallq.deviceToken'))).toMatch(/^dsk_/);
    await ev.waitForLoadState('networkidle');
    await shot(ev, 'e2e-evaluator-enrolled');
    expect(await violations(ev, tabletCsp)).toEqual([]);

    const wall = await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wallCsp = await watchCsp(wall);
    const d = await wall.newPage();
    await d.goto(`${ui.s.url}/display-ui/?deviceToken=${display.enrolToken}`);
    await d.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    expect(d.url()).toBe(`${ui.s.url}/display-ui/`);
    // A call reaches the display over socket.io (connect-src 'self' covers ws: of the same origin).
    const clerk = await login(ui.s.url, 'clerk01');
    await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk));
    const called = await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerk));
    await d.waitForFunction((n) => document.querySelector('[data-test=latest-number]')?.textContent === n, called.body.ticket.number);
    await shot(d, 'e2e-display-enrolled');
    expect(await violations(d, wallCsp)).toEqual([]);

    const desk = await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const deskCsp = await watchCsp(desk);
    const staff = await desk.newPage();
    await staffLogin(staff, ui.s.url, 'manager');
    await staff.waitForLoadState('networkidle');
    await shot(staff, 'e2e-staff-csp');
    expect(await violations(staff, deskCsp)).toEqual([]);

    const docs = await desk.newPage();
    await docs.goto(`${ui.s.url}/docs`);
    await docs.waitForSelector('.opblock', { timeout: 15_000 });
    await shot(docs, 'e2e-docs-csp');
    expect(await violations(docs, deskCsp)).toEqual([]);
  });
});
