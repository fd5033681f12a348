import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, bearer, login, ManualClock } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

// Friday 10:00 in the hall: a 下午 period has not begun, a morning one that ended at 09:00 is over.
const NOW = Date.parse('2026-11-20T10:00:00+08:00');

/** Tiles whose text spills out of their box (measured in the page, not by eye). */
const overflowing = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.cat, .cat *')].filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.className));

describe('the kiosk tells the truth before the tap', () => {
  const clock = new ManualClock(NOW);
  const ui = uiSuite({ clock });

  it('sold-out and out-of-hours tiles say so; every tile shows people waiting and the wait, live', async () => {
    const admin = await login(ui.s.url, 'admin');
    const patch = (id: string, body: unknown) => api(ui.s.url, 'PATCH', `/api/halls/demo/categories/${id}`, body, bearer(admin));
    expect((await patch('cat_B', { dailyQuota: 0 })).status).toBe(200);
    expect((await patch('cat_C', { periods: [{ name: '下午', start: '13:30', end: '17:00' }] })).status).toBe(200);
    expect((await patch('cat_E', { periods: [{ name: '上午', start: '08:00', end: '09:00' }] })).status).toBe(200);
    // 上午 has its own quota of one number, taken already: the tile says so, and when 下午 opens.
    expect((await patch('cat_D', { periods: [{ name: '上午', start: '08:30', end: '12:00', quota: 1 }, { name: '下午', start: '13:30', end: '17:00' }] })).status).toBe(200);
    expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' })).status).toBe(201);

    for (const viewport of [{ width: 1080, height: 1920 }, { width: 1920, height: 1080 }]) {
      const ctx = await ui.browser.newContext({ viewport });
      const page = await ctx.newPage();
      await page.clock.setFixedTime(new Date(NOW));
      const errors = watchErrors(page);
      await page.goto(`${ui.s.url}/kiosk-ui/`);
      await page.waitForSelector('[data-category=cat_A][data-state=open]');
      const tile = (id: string) => page.locator(`[data-category=${id}]`);
      expect(await tile('cat_B').getAttribute('data-state')).toBe('soldOut');
      expect(await tile('cat_B').locator('[data-test=tile-state]').textContent()).toBe('今日已取完');
      expect(await tile('cat_C').locator('[data-test=tile-state]').textContent()).toBe('下午13:30开始取号');
      expect(await tile('cat_E').locator('[data-test=tile-state]').textContent()).toBe('今日已停止取号');
      expect(await tile('cat_D').locator('[data-test=tile-state]').textContent()).toBe('上午号源已取完，下午13:30开始取号');
      for (const id of ['cat_B', 'cat_C', 'cat_D', 'cat_E']) expect(await tile(id).isDisabled(), id).toBe(true);
      expect(await tile('cat_A').locator('[data-test=wait]').textContent()).toMatch(/预计约 \d+ 分钟|无需等候/);
      expect(await overflowing(page)).toEqual([]);
      await shot(page, `e2e-kiosk-tiles-${viewport.width}x${viewport.height}`);

      // A number taken elsewhere: the tile's figures follow from the socket, without a reload.
      const before = Number((await tile('cat_A').locator('[data-test=waiting]').textContent())!.replace(/\D/g, ''));
      await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
      await page.waitForFunction((n) => document.querySelector('[data-category=cat_A] [data-test=waiting]')?.textContent === `等候 ${n} 人`, before + 1);
      const want = (await api(ui.s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A').estimatedWaitMinutes;
      await page.waitForFunction((m) => document.querySelector('[data-category=cat_A] [data-test=wait]')?.textContent === `预计约 ${m} 分钟`, want);

      // In English the tiles say the same; the next citizen finds Chinese again once this one goes home.
      await page.click('[data-locale=en]');
      expect(await tile('cat_C').locator('[data-test=tile-state]').textContent()).toBe('Numbers from 13:30 (afternoon)');
      expect(await overflowing(page)).toEqual([]);
      await shot(page, `e2e-kiosk-tiles-en-${viewport.width}x${viewport.height}`);
      await tile('cat_A').click();
      await page.click('.back');
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      expect(await tile('cat_B').locator('[data-test=tile-state]').textContent()).toBe('今日已取完');
      expect(errors).toEqual([]);
      await ctx.close();
    }
  });

  it('the ID keypad checks the number as it is typed', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const page = await ctx.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.click('[data-category=cat_A]');
    await page.click('[data-test=id-field]');
    const press = async (s: string) => {
      for (const k of s) await page.click(`[data-key="${k}"]`);
    };
    await press('99');
    expect(await page.textContent('[data-test=id-check]')).toContain('地区码');
    await page.click('[data-key="⌫"]');
    await page.click('[data-key="⌫"]');
    await press('11010519491231002');
    expect(await page.isEnabled('[data-test=id-ok]')).toBe(false);
    await press('1');
    expect(await page.textContent('[data-test=id-check]')).toContain('校验位不符');
    expect(await page.isEnabled('[data-test=id-ok]')).toBe(false);
    await shot(page, 'e2e-kiosk-id-check');
    await page.click('[data-key="⌫"]');
    await press('X');
    expect(await page.isEnabled('[data-test=id-ok]')).toBe(true);
    await ctx.close();
  });

  it('a kiosk whose credential is refused says what is wrong and what staff do, and stops retrying', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await ctx.addInitScript(() => localStorage.setItem('hallq.deviceToken', 'revoked-or-never-issued'));
    const page = await ctx.newPage();
    await page.clock.install({ time: new Date(NOW) });
    let apiCalls = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls++;
    });
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-test=device-refused]');
    expect(await page.textContent('[data-test=device-refused]')).toContain('本机未登记或授权已失效');
    expect(await page.textContent('[data-test=device-refused]')).toContain('重新登记本机');
    expect(await page.textContent('body')).not.toContain('网络连接');
    // Half a minute later (the old loop retried every 5 s): no new attempt, still the same words.
    const calls = apiCalls;
    expect(calls).toBeGreaterThan(0);
    await page.clock.runFor(30_000);
    expect(apiCalls).toBe(calls);
    expect(await page.isVisible('[data-test=device-refused]')).toBe(true);
    await shot(page, 'e2e-kiosk-device-refused');
    await ctx.close();
  });

  it('the booking page refuses a short phone number as it is left', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${ui.s.url}/kiosk-ui/book.html`);
    await page.waitForSelector('input[name=phone]');
    await page.fill('input[name=phone]', '13800');
    expect(await page.$('[data-test=phone-invalid]')).toBeNull(); // not while typing
    await page.locator('input[name=phone]').blur();
    await page.waitForSelector('[data-test=phone-invalid]');
    await page.locator('[data-test=phone-invalid]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-book-phone-short');
    await page.fill('input[name=phone]', '0531-12345678');
    await page.waitForSelector('[data-test=phone-invalid]', { state: 'detached' });
  });

  it('the admin sees the national days and edits the hall’s own (1366x768)', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.clock.setFixedTime(new Date(NOW));
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-calendar]');
    await page.waitForSelector('[data-test=calendar-national] [data-day="2026-10-01"]');
    expect(await page.textContent('[data-test=calendar-national] [data-day="2026-10-10"]')).toContain('调休上班');
    await page.fill('[data-test=calendar-day]', '2026-11-23');
    await page.selectOption('[data-test=calendar-kind]', 'holiday');
    await page.click('[data-test=calendar-add]');
    await page.waitForSelector('[data-test=calendar-own] [data-day="2026-11-23"]');
    await shot(page, 'e2e-admin-calendar');
    expect((await api(ui.s.url, 'GET', '/api/halls/demo/calendar', undefined, bearer(await login(ui.s.url, 'admin')))).body.own.holidays).toEqual(['2026-11-23']);
    await page.click('[data-remove="2026-11-23"]');
    await page.waitForSelector('[data-test=calendar-own] [data-day="2026-11-23"]', { state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('category names show in the chosen language: the hall’s own, 繁體 converted, else Chinese', async () => {
    const admin = await login(ui.s.url, 'admin');
    expect((await api(ui.s.url, 'PATCH', '/api/halls/demo/categories/cat_A', { nameEn: 'General Services' }, bearer(admin))).status).toBe(200);
    const page = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-category=cat_A]');
    const name = (id: string) => page.textContent(`[data-category=${id}] .name`);
    await page.click('[data-locale=zh-TW]');
    expect(await name('cat_B')).toBe('不動產登記');
    expect(await name('cat_D')).toBe('社保醫保');
    await shot(page, 'e2e-kiosk-names-zh-TW');
    await page.click('[data-locale=en]');
    expect(await name('cat_A')).toBe('General Services');
    expect(await name('cat_D')).toBe('社保医保');
    expect(await overflowing(page)).toEqual([]);
  });
});
