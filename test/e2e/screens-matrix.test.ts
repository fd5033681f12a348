/**
 * Every page at the sizes it is used at, in its states, in the three languages, with the longest
 * names the API accepts: no text overflows, is clipped or leaves the screen (measured in the page,
 * layout-check.ts). One browser, one page per screen, sizes changed in place.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeSqliteOnly } from '../helpers/pg.ts';
import { api, bearer, login } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';
import { layoutProblems, type LayoutOptions } from './layout-check.ts';

type Size = readonly [number, number];
const SIZES = {
  kiosk: [[1080, 1920], [1920, 1080]],
  wall: [[1920, 1080], [1280, 720]],
  windowScreen: [[1920, 1080], [1280, 720], [1920, 540], [1920, 360]],
  phone: [[360, 740]],
  console: [[1366, 768]],
} satisfies Record<string, Size[]>;
const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;

// The longest the API takes (hall 60, category and window 30, staff 32, pause reason 100), in words a hall would use.
const LONG = {
  hall: '清河县人民政府政务服务中心（县行政审批服务局·县公共资源交易中心·县12345政务服务便民热线）城东分中心'.slice(0, 60),
  category: '不动产登记（含交易、税费、抵押、预告登记及档案查询）'.slice(0, 30),
  window: '不动产登记及税费综合受理专窗（交易·税务·登记一窗办）'.slice(0, 30),
  clerk: '阿卜杜热合曼·艾买提江·买买提依明',
  reason: '参加全省政务服务“一网通办”业务培训学习，请到其他窗口办理，给您带来不便敬请谅解',
};

describeSqliteOnly('pages and layout only: the database under them adds nothing', 'every screen in every state and size', () => {
  const ui = uiSuite();
  const problems: string[] = [];
  let admin = '';

  const settle = (page: Page) =>
    page.evaluate(() => document.fonts.ready.then(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))));

  /** Measures the page at each size; screenshots in Chinese always, in the other languages for `shotAll`. */
  async function sweep(page: Page, name: string, state: string, lang: string, sizes: readonly Size[], opts: LayoutOptions = {}, shotAll = false): Promise<void> {
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height });
      await settle(page);
      for (const p of await layoutProblems(page, opts)) problems.push(`${name}/${state}/${lang}/${width}x${height}: ${p.kind} ${p.path} «${p.text}» ${p.detail}`);
      if (lang === 'zh-CN' || shotAll) await shot(page, `matrix-${name}-${state}-${lang}-${width}x${height}`);
    }
    // Back to the first size: the next steps tap what is on screen there.
    if (sizes.length > 1) await page.setViewportSize({ width: sizes[0][0], height: sizes[0][1] });
  }
  const report = () => {
    const found = problems.splice(0);
    expect(found, found.join('\n')).toEqual([]);
  };
  const win = (id: string, action: string, token: string, body?: unknown) => api(ui.s.url, 'POST', `/api/windows/${id}/${action}`, body, bearer(token));
  const take = async (categoryId: string) => expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId })).status).toBe(201);
  /** A page whose socket cannot connect: what a screen shows when the network is down. */
  async function offline(page: Page, url: string): Promise<void> {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.route('**/socket.io/**', (r) => r.abort());
    await page.goto(url);
    await page.waitForSelector('.banner-offline');
  }

  it('sets the longest names a hall may give', async () => {
    admin = await login(ui.s.url, 'admin');
    await ui.s.app.db.updateTable('halls').set({ name: LONG.hall }).where('id', '=', 'demo').execute();
    await ui.s.app.db.updateTable('staff').set({ name: LONG.clerk }).where('username', '=', 'clerk01').execute();
    for (const id of ['cat_A', 'cat_B', 'cat_F']) expect((await api(ui.s.url, 'PATCH', `/api/halls/demo/categories/${id}`, { name: LONG.category }, bearer(admin))).status).toBe(200);
    for (const id of ['win_1', 'win_10']) expect((await api(ui.s.url, 'PATCH', `/api/halls/demo/windows/${id}`, { name: LONG.window }, bearer(admin))).status).toBe(200);
  }, 240_000);

  it('the wall display: idle, calling, paused, closed, offline', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const errors = watchErrors(page);
    const open = async (lang: string) => {
      await page.goto(`${ui.s.url}/display-ui/?lang=${lang}`);
      await page.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    };
    for (const lang of LANGS) {
      await open(lang);
      await sweep(page, 'wall', 'idle', lang, SIZES.wall);
    }

    // Eight calls from windows with long names: the history holds whole rows only.
    const clerks: Record<string, string> = {};
    const calls: Array<[string, string]> = [['win_2', 'clerk02'], ['win_3', 'clerk03'], ['win_4', 'clerk04'], ['win_5', 'clerk05'], ['win_6', 'clerk06'], ['win_1', 'clerk01']];
    for (const c of ['cat_A', 'cat_A', 'cat_A', 'cat_B', 'cat_B', 'cat_C', 'cat_F', 'cat_F']) await take(c);
    for (const [w, u] of calls) {
      clerks[w] = await login(ui.s.url, u);
      expect((await win(w, 'open', clerks[w])).status).toBe(200);
      expect((await win(w, 'call-next', clerks[w])).status).toBe(200);
    }
    expect((await win('win_1', 'recall', clerks.win_1)).status).toBe(200);
    expect((await win('win_2', 'start', clerks.win_2)).status).toBe(200);
    for (const lang of LANGS) {
      await open(lang);
      await page.waitForSelector('[data-test=latest-number]');
      // 正在呼叫 for a called ticket, 正在办理 only once the clerk started it.
      expect(await page.getAttribute('[data-window=win_1] .state', 'data-state')).toBe('called');
      expect(await page.getAttribute('[data-window=win_2] .state', 'data-state')).toBe('serving');
      if (lang === 'zh-CN') {
        expect(await page.textContent('[data-window=win_1] .state')).toBe('正在呼叫');
        expect(await page.textContent('[data-window=win_2] .state')).toBe('正在办理');
      }
      await sweep(page, 'wall', 'calling', lang, SIZES.wall, {}, true);
      // At 1280x720 the history still shows several whole rows, not one clipped one.
      const rows = await page.$$eval('[data-test=recent-calls] li', (lis) => {
        const box = lis[0].parentElement!.getBoundingClientRect();
        return lis.filter((li) => {
          const r = li.getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom && r.left >= box.left && r.right <= box.right;
        }).length;
      });
      expect(rows).toBeGreaterThanOrEqual(4);
    }

    for (const w of ['win_3', 'win_4']) {
      expect((await win(w, 'complete', clerks[w])).status).toBe(200);
      expect((await win(w, 'pause', clerks[w], { reason: LONG.reason })).status).toBe(200);
    }
    for (const lang of LANGS) {
      await open(lang);
      await page.waitForFunction(() => document.querySelector('[data-window=win_3]')?.classList.contains('paused'));
      await sweep(page, 'wall', 'paused', lang, SIZES.wall);
    }

    for (const [w] of calls) {
      // Windows still serving finish first (a window with a ticket at it does not close); paused ones have none.
      if (!['win_3', 'win_4'].includes(w)) expect((await win(w, 'complete', clerks[w])).status).toBe(200);
      expect((await win(w, 'close', clerks[w])).status).toBe(200);
    }
    for (const lang of LANGS) {
      await open(lang);
      await page.waitForFunction(() => document.querySelectorAll('[data-test=window-board] .win.closed').length === 10);
      await sweep(page, 'wall', 'closed', lang, SIZES.wall);
    }
    for (const lang of LANGS) {
      await offline(page, `${ui.s.url}/display-ui/?lang=${lang}`);
      await sweep(page, 'wall', 'offline', lang, SIZES.wall);
    }
    expect(errors).toEqual([]);
    report();
  }, 240_000);

  it('the window-top screen: idle, calling, serving, paused, closed, offline, unknown window', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const errors = watchErrors(page);
    const clerk = await login(ui.s.url, 'clerk01');
    const url = (lang: string, id = 'win_1') => `${ui.s.url}/display-ui/window.html?window=${id}&lang=${lang}`;
    const label = () => page.getAttribute('[data-test=current-label]', 'data-state').catch(() => null);
    const each = async (state: string, ready: () => Promise<boolean>, shotAll = false) => {
      for (const lang of LANGS) {
        await page.goto(url(lang));
        await until(ready);
        await sweep(page, 'window', state, lang, SIZES.windowScreen, {}, shotAll);
      }
    };

    expect((await win('win_1', 'open', clerk)).status).toBe(200);
    await each('idle', async () => (await label()) === 'idle');
    await take('cat_A');
    expect((await win('win_1', 'call-next', clerk)).status).toBe(200);
    await each('calling', async () => (await label()) === 'called', true);
    expect(await page.textContent('[data-test=current-label]')).toBe('Calling');
    expect((await win('win_1', 'start', clerk)).status).toBe(200);
    await each('serving', async () => (await label()) === 'serving');
    expect((await win('win_1', 'complete', clerk)).status).toBe(200);
    // The issue's own reason, then the longest a clerk may type.
    expect((await win('win_1', 'pause', clerk, { reason: '业务学习' })).status).toBe(200);
    await each('paused', async () => (await page.textContent('[data-test=paused]').catch(() => ''))?.includes('业务学习') ?? false, true);
    expect((await win('win_1', 'resume', clerk)).status).toBe(200);
    expect((await win('win_1', 'pause', clerk, { reason: LONG.reason })).status).toBe(200);
    await each('paused-long', async () => (await page.textContent('[data-test=paused]').catch(() => ''))?.includes('一网通办') ?? false);
    expect((await win('win_1', 'close', clerk)).status).toBe(200);
    await each('closed', async () => (await page.isVisible('[data-test=paused]')) && (await label()) === null);
    for (const lang of LANGS) {
      await page.goto(url(lang, 'no_such_window'));
      await page.waitForSelector('.missing');
      await sweep(page, 'window', 'error', lang, SIZES.windowScreen);
    }
    for (const lang of LANGS) {
      await offline(page, url(lang));
      await sweep(page, 'window', 'offline', lang, SIZES.windowScreen);
    }
    expect(errors).toEqual([]);
    report();
  }, 240_000);

  it('the kiosk: home, confirm, ticket, network error, offline', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    const errors = watchErrors(page);
    for (const lang of LANGS) {
      await page.goto(`${ui.s.url}/kiosk-ui/?lang=${lang}`);
      await page.waitForSelector('[data-category=cat_B]');
      await sweep(page, 'kiosk', 'home', lang, SIZES.kiosk, {}, true);
      await page.click('[data-category=cat_B]');
      await page.waitForSelector('[data-test=take]');
      await sweep(page, 'kiosk', 'confirm', lang, SIZES.kiosk);
      await page.click('[data-test=take]');
      await page.waitForSelector('[data-test=ticket-number]');
      await sweep(page, 'kiosk', 'ticket', lang, SIZES.kiosk);
      await page.click('[data-test=done]');
      await page.click('[data-category=cat_F]');
      await page.route('**/api/halls/demo/tickets', (r) => r.abort('connectionreset'));
      await page.click('[data-test=take]');
      await page.waitForSelector('[data-code=NETWORK]');
      await sweep(page, 'kiosk', 'error', lang, SIZES.kiosk);
      await page.unroute('**/api/halls/demo/tickets');
    }
    for (const lang of LANGS) {
      await offline(page, `${ui.s.url}/kiosk-ui/?lang=${lang}`);
      await sweep(page, 'kiosk', 'offline', lang, SIZES.kiosk);
    }
    expect(errors).toEqual([]);
    report();
  }, 240_000);

  it('the phone pages: ticket waiting, called, offline, wrong key; case lookup; booking', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
    const errors = watchErrors(page);
    const phone: LayoutOptions = { scrollY: true };
    // 税务办理 at window 8 (E first): no other test of this file takes E, so the call reaches this ticket.
    const issued = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_E' })).body as { id: string; key: string };
    const ticketUrl = (lang: string, key = issued.key) => `${ui.s.url}/kiosk-ui/ticket.html?id=${issued.id}&lang=${lang}#key=${key}`;
    for (const lang of LANGS) {
      await page.goto(ticketUrl(lang));
      await page.waitForSelector('[data-test=ticket-number]');
      await sweep(page, 'phone-ticket', 'waiting', lang, SIZES.phone, phone, true);
    }
    const clerk = await login(ui.s.url, 'clerk05');
    expect((await win('win_8', 'open', clerk)).status).toBe(200);
    expect((await win('win_8', 'call-next', clerk)).status).toBe(200);
    for (const lang of LANGS) {
      await page.goto(ticketUrl(lang));
      await page.waitForSelector('[data-test=called-alert]');
      await sweep(page, 'phone-ticket', 'called', lang, SIZES.phone, phone);
      // Only the fragment differs: without a page in between the browser would not load the page anew.
      await page.goto('about:blank');
      await page.goto(ticketUrl(lang, 'not-the-key'));
      await page.waitForFunction(() => document.querySelector('main.failure') && !document.querySelector('[data-test=ticket-number]') && performance.getEntriesByType('resource').some((e) => e.name.includes('/api/tickets/')));
      await sweep(page, 'phone-ticket', 'error', lang, SIZES.phone, phone);
      await page.goto(`${ui.s.url}/kiosk-ui/case.html?lang=${lang}`);
      await page.waitForLoadState('networkidle');
      await sweep(page, 'phone-case', 'idle', lang, SIZES.phone, phone);
      await page.goto(`${ui.s.url}/kiosk-ui/book.html?lang=${lang}`);
      await page.waitForLoadState('networkidle');
      await sweep(page, 'phone-book', 'idle', lang, SIZES.phone, phone);
    }
    for (const lang of LANGS) {
      await offline(page, ticketUrl(lang));
      await sweep(page, 'phone-ticket', 'offline', lang, SIZES.phone, phone);
    }
    expect(errors).toEqual([]);
    report();
  }, 240_000);

  it('the staff console and the manager dashboard at 1366x768', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    const desk: LayoutOptions = { scrollY: true };
    for (const lang of LANGS) {
      await page.goto(`${ui.s.url}/staff-ui/?lang=${lang}`);
      await page.waitForSelector('input[name=username]');
      await sweep(page, 'console', 'login', lang, SIZES.console, desk);
    }
    await staffLogin(page, ui.s.url, 'clerk01');
    await page.click('[data-window=win_1] [data-test=choose-window]');
    await page.waitForSelector('[data-test=window-status]');
    await take('cat_A');
    for (const lang of LANGS) {
      await page.goto(`${ui.s.url}/staff-ui/?lang=${lang}#console`);
      await page.waitForSelector('[data-test=window-status]');
      await sweep(page, 'console', 'idle', lang, SIZES.console, desk, true);
    }
    await page.click('[data-action=call-next]');
    await page.waitForSelector('[data-action=start]:not([disabled])');
    await sweep(page, 'console', 'calling', 'en', SIZES.console, desk, true);

    const mgr = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const mgrErrors = watchErrors(mgr);
    await staffLogin(mgr, ui.s.url, 'manager');
    for (const lang of LANGS) {
      await mgr.goto(`${ui.s.url}/staff-ui/?lang=${lang}#dashboard`);
      await mgr.waitForSelector('[data-test=window-table] [data-window=win_1]');
      await sweep(mgr, 'dashboard', 'open', lang, SIZES.console, desk, true);
    }
    expect(errors).toEqual([]);
    expect(mgrErrors).toEqual([]);
    report();
  }, 240_000);
});
