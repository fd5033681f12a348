import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, bearer, login } from '../helpers/server.ts';
import { describeSqliteOnly } from '../helpers/pg.ts';
import { axeViolations, describeFindings } from './axe.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/**
 * axe-core on every page a citizen or a member of staff meets, in the state they meet it in: no
 * serious or critical violation (GB/T 37668 is WCAG-based). Pages are reached as people reach
 * them (a tap, a sign-in), so a dialog or tab that only appears after a click is checked too.
 */
describeSqliteOnly('the pages are drawn alike from either database; a second Chromium walk adds minutes and checks nothing new', 'accessibility (axe-core) on every page', () => {
  const ui = uiSuite();

  async function open(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const page = await (await ui.browser.newContext({ viewport: { width, height } })).newPage();
    return { page, errors: watchErrors(page) };
  }
  async function clean(page: Page, where: string): Promise<void> {
    // Fonts and transitions settled: contrast is computed from the colours as drawn.
    await page.evaluate(() => document.fonts.ready);
    const findings = await axeViolations(page);
    // Soft: one run lists what is wrong on every page, not only on the first.
    expect.soft(findings, describeFindings(where, findings)).toEqual([]);
  }

  it('the start page and the kiosk in each of its screens', async () => {
    const { page: home, errors: homeErrors } = await open(1280, 800);
    await home.goto(`${ui.s.url}/`);
    await home.waitForSelector('a');
    await clean(home, 'home');

    const { page, errors } = await open(1080, 1920);
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-category=cat_A]');
    await clean(page, 'kiosk home');
    await page.click('[data-category=cat_A]');
    await page.waitForSelector('[data-test=take]');
    await clean(page, 'kiosk take sheet');
    await page.click('[data-test=id-field]');
    await page.waitForSelector('[data-test=id-screen]');
    await clean(page, 'kiosk ID keypad');
    await page.click('.overlay .btn.gray');
    await page.click('[data-test=take]');
    await page.waitForSelector('[data-test=ticket-number]');
    await clean(page, 'kiosk result');
    await page.click('[data-test=done]');
    await page.click('[data-test=checkin-open]');
    await page.waitForSelector('[data-test=checkin]');
    await clean(page, 'kiosk check-in');
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.click('[data-test=pickup-open]');
    await page.waitForSelector('[data-test=code-screen]');
    await clean(page, 'kiosk pickup');
    expect([...homeErrors, ...errors]).toEqual([]);
  }, 120_000);

  it('the phone ticket, the booking page and the case and proxy follow pages', async () => {
    const issued = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' })).body;
    const { page, errors } = await open(360, 740);
    await page.goto(`${ui.s.url}/kiosk-ui/ticket.html?id=${issued.id}#key=${issued.key}`);
    await page.waitForSelector('[data-test=ticket-number]');
    await clean(page, 'phone ticket');

    await page.goto(`${ui.s.url}/kiosk-ui/book.html`);
    await page.waitForSelector('[data-test=book-submit]');
    await clean(page, 'booking');
    await page.click('[data-test=tab-lookup]');
    await clean(page, 'booking lookup');

    const clerk = bearer(await login(ui.s.url, 'clerk04'));
    expect((await api(ui.s.url, 'POST', '/api/windows/win_4/open', undefined, clerk)).status).toBe(200);
    const hall = (await api(ui.s.url, 'GET', '/api/halls/demo')).body as { windows: Array<{ id: string; categoryIds: string[] }> };
    const served = hall.windows.find((w) => w.id === 'win_4')!.categoryIds;
    const matters = (await api(ui.s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string; promisedDays: number }>;
    const matter = matters.find((m) => served.includes(m.categoryId) && m.promisedDays > 0)!;
    const accepted = (await api(ui.s.url, 'POST', '/api/windows/win_4/cases', { matterId: matter.id, applicantName: '李四' }, clerk)).body;
    await page.goto(`${ui.s.url}/kiosk-ui/case.html?no=${accepted.caseNo}`);
    await page.waitForSelector('input[name=pickupCode]');
    await clean(page, 'case page, asking for the code');
    await page.goto(`${ui.s.url}/kiosk-ui/case.html?no=${accepted.caseNo}&code=${accepted.pickupCode}`);
    await page.waitForSelector('[data-test=case]');
    await clean(page, 'case page');

    const village = bearer(await login(ui.s.url, 'liuzhuang01'));
    const vm = ((await api(ui.s.url, 'GET', '/api/halls/liuzhuang/matters', undefined, village)).body as Array<{ id: string }>)[0]!;
    const proxy = (await api(ui.s.url, 'POST', '/api/halls/liuzhuang/proxy-cases', { matterId: vm.id, applicantName: '柳大山', materials: [] }, village)).body;
    await page.goto(`${ui.s.url}/c/${proxy.proxyNo}#code=${proxy.followCode}`);
    await page.waitForSelector('[data-test=proxy-follow]');
    await clean(page, 'proxy follow');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the wall display, the window screen and the evaluator', async () => {
    const { page, errors } = await open(1920, 1080);
    await page.goto(`${ui.s.url}/display-ui/`);
    await page.waitForSelector('[data-test=recent-calls]');
    await clean(page, 'wall display');
    await page.goto(`${ui.s.url}/display-ui/window.html?window=win_1`);
    await page.waitForSelector('body #app *');
    await clean(page, 'window screen');

    // A clerk at the window: the evaluator shows who serves there.
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(await login(ui.s.url, 'clerk01')))).status).toBe(200);
    const admin = bearer(await login(ui.s.url, 'admin'));
    const device = await api(ui.s.url, 'POST', '/api/devices', { hallId: 'demo', kind: 'evaluator', name: '1号窗口评价器', windowId: 'win_1' }, admin);
    expect(device.status).toBe(201);
    const { page: ev, errors: evErrors } = await open(1280, 800);
    await ev.goto(`${ui.s.url}/display-ui/evaluator.html?window=win_1`);
    await ev.waitForSelector('[data-test=evaluator-device]');
    await clean(ev, 'evaluator, not registered');
    await ev.goto(`${ui.s.url}/display-ui/evaluator.html?window=win_1&deviceToken=${device.body.token}`);
    await ev.waitForSelector('[data-test=clerk-name]');
    await clean(ev, 'evaluator');
    expect([...errors, ...evErrors]).toEqual([]);
  }, 120_000);

  it('the staff pages: sign-in, clerk console, 代办 desk, dashboard, county board, admin', async () => {
    const { page, errors } = await open(1366, 768);
    await page.goto(`${ui.s.url}/staff-ui/`);
    await page.waitForSelector('input[name=username]');
    await clean(page, 'staff sign-in');

    await staffLogin(page, ui.s.url, 'clerk05');
    await clean(page, 'window picker');
    await page.click('[data-window=win_5] [data-test=choose-window]');
    await page.waitForSelector('[data-test=window-status]');
    await clean(page, 'clerk console');
    await page.click('[data-action=pause]');
    await page.waitForSelector('[data-test=pause-confirm]');
    await clean(page, 'pause dialog');
    await page.click('[data-test=pause-confirm]');
    await page.click('[data-test=tab-proxy]');
    await page.waitForSelector('[data-test=proxy-ledger]');
    await clean(page, '代办 desk');

    const { page: m, errors: mErrors } = await open(1366, 768);
    await staffLogin(m, ui.s.url, 'manager');
    await m.waitForSelector('[data-test=window-table] [data-window=win_1]');
    await clean(m, 'manager dashboard');

    const { page: b, errors: bErrors } = await open(1366, 768);
    await staffLogin(b, ui.s.url, 'bureau');
    await b.waitForSelector('[data-test=board-halls] tr[data-hall]');
    await clean(b, 'county board');

    const { page: a, errors: aErrors } = await open(1366, 768);
    await staffLogin(a, ui.s.url, 'admin');
    await a.click('[data-test=tab-admin]');
    await a.waitForSelector('[data-test=admin-panel]');
    for (const s of await a.$$eval('[data-test^=admin-tab-]', (tabs) => tabs.map((x) => x.getAttribute('data-test')!))) {
      await a.click(`[data-test=${s}]`);
      await a.waitForFunction((sel) => document.querySelector(`[data-test=${sel}]`)?.getAttribute('aria-selected') === 'true', s);
      await a.waitForLoadState('networkidle');
      await clean(a, `admin ${s}`);
    }
    await shot(a, 'a11y-admin-last-tab');
    expect([...errors, ...mErrors, ...bErrors, ...aErrors]).toEqual([]);
  }, 120_000);
});
