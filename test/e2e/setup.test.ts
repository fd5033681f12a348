import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, staffLogin, startUiServer, watchErrors } from './helpers.ts';

describe('业务设置 / 窗口与规则: the admin sets up a category, its matter, a window serving it and the queue rules', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let admin: string;
  let zId = '';

  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServer();
    browser = await launchBrowser();
    admin = await login(s.url, 'admin');
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    errors = watchErrors(page);
    await staffLogin(page, s.url, 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });
  const get = async (url: string) => (await api(s.url, 'GET', url, undefined, bearer(admin))).body;

  it('adds the category "Z 测试业务" with a morning period, a quota and generated appointment slots', async () => {
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-business]');
    await page.waitForSelector('[data-test=category-table] tr[data-prefix=A]');
    expect(page.url()).toContain('#admin/business');
    await shot(page, 'e2e-setup-categories-before');

    await page.click('[data-test=category-add]');
    // Nothing filled in: the form says what is missing.
    await page.click('[data-test=category-submit]');
    await page.waitForSelector('[data-test=category-form] .field-error');
    // A prefix in use: the server's PREFIX_TAKEN, as words.
    await page.fill('input[name=cat-prefix]', 'A');
    await page.fill('input[name=cat-name]', '重复前缀');
    await page.click('[data-test=category-submit]');
    await page.waitForSelector('[data-test=category-form-error]');
    expect(await page.textContent('[data-test=category-form-error]')).toContain('号码前缀已被其他业务使用');

    await page.fill('input[name=cat-prefix]', 'z'); // typed lower case, sent upper case
    await page.fill('input[name=cat-name]', '测试业务');
    await page.fill('input[name=cat-quota]', '30');
    await page.fill('input[name=cat-avg]', '12');
    await page.click('[data-test=period-add]');
    await page.fill('input[name=period-name-0]', '上午');
    await page.fill('input[name=period-start-0]', '08:30');
    await page.fill('input[name=period-end-0]', '08:00');
    await page.fill('input[name=period-quota-0]', '20');
    await page.click('[data-test=category-submit]');
    expect(await page.textContent('[data-test=periods-error]')).toContain('开始早于结束');
    await page.fill('input[name=period-end-0]', '12:00');
    await page.click('[data-test=category-form] [data-slot-mode=generate]');
    await page.fill('input[name=slot-from]', '09:00');
    await page.fill('input[name=slot-to]', '11:00');
    await page.fill('input[name=slot-minutes]', '30');
    await page.fill('input[name=slot-capacity]', '2');
    expect(await page.textContent('[data-test=slot-preview]')).toContain('将生成 4 个时段，每天共可预约 8 人');
    await shot(page, 'e2e-setup-category-form');
    await page.click('[data-test=category-submit]');

    const row = '[data-test=category-table] tr[data-prefix=Z]';
    await page.waitForSelector(row);
    expect(await page.textContent('[data-test=category-notice]')).toContain('测试业务');
    await page.waitForFunction((r) => document.querySelector(`${r} [data-test=category-slots]`)?.textContent?.includes('每30分钟'), row);
    expect(await page.textContent(`${row} [data-test=category-slots]`)).toBe('09:00–11:00 每30分钟 2人');
    expect(await page.textContent(`${row} [data-test=category-periods]`)).toContain('上午 08:30–12:00');
    await shot(page, 'e2e-setup-categories');

    const hall = await get('/api/halls/demo');
    const z = hall.categories.find((c: { prefix: string }) => c.prefix === 'Z');
    zId = z.id;
    expect(z).toMatchObject({ name: '测试业务', dailyQuota: 30, avgServiceMinutes: 12, periods: [{ name: '上午', start: '08:30', end: '12:00', quota: 20 }] });
    const slots = await get(`/api/halls/demo/appointment-slots?categoryId=${zId}&date=${hall.serviceDay}`);
    expect(slots.map((x: { slotStart: string; capacity: number }) => `${x.slotStart}/${x.capacity}`)).toEqual(['09:00/2', '09:30/2', '10:00/2', '10:30/2']);
  });

  it('adds a matter of Z with two materials (一次性告知)', async () => {
    await page.click('[data-test=matter-add]');
    await page.fill('input[name=matter-name]', '测试事项办理');
    await page.selectOption('select[name=matter-category]', zId);
    await page.fill('input[name=matter-days]', '3');
    await page.fill('[data-test=matter-form] input[name=materials-0]', '居民身份证原件');
    await page.click('[data-test=matter-form] [data-test=line-add]');
    await page.fill('[data-test=matter-form] input[name=materials-1]', '申请表（现场填写）');
    await shot(page, 'e2e-setup-matter-form');
    await page.click('[data-test=matter-submit]');
    await page.waitForSelector(`[data-test=matter-table] tbody[data-group="${zId}"] tr[data-name="测试事项办理"]`);
    await page.selectOption('select[name=matter-filter]', zId);
    await shot(page, 'e2e-setup-matters');
    const m = (await get('/api/halls/demo/matters')).find((x: { name: string }) => x.name === '测试事项办理');
    expect(m).toMatchObject({ categoryId: zId, promisedDays: 3, materials: ['居民身份证原件', '申请表（现场填写）'] });
  });

  it('adds window 20 serving Z first, then A (按优先顺序), with an A clerk', async () => {
    const staff = await get('/api/halls/demo/staff');
    const clerk = staff.find((x: { username: string }) => x.username === 'clerk01');
    await page.click('[data-test=admin-tab-queue]');
    await page.waitForSelector('[data-test=window-table]');
    expect(page.url()).toContain('#admin/queue');
    await page.click('[data-test=window-add]');
    await page.fill('input[name=win-no]', '20');
    await page.fill('input[name=win-name]', '测试综合窗口');
    await page.selectOption('select[name=win-kind]', 'comprehensive');
    await page.selectOption('select[name=win-add-category]', 'cat_A');
    await page.selectOption('select[name=win-add-category]', zId);
    // Z was added second: move it up to be the preferred one.
    await page.click(`[data-test=window-form] li[data-category="${zId}"] [data-test=cat-up]`);
    expect(await page.getAttribute('[data-test=window-cat-row]:first-child', 'data-category')).toBe(zId);
    await page.selectOption('select[name=win-a-clerk]', clerk.id);
    await shot(page, 'e2e-setup-window-form');
    await page.click('[data-test=window-submit]');
    await page.waitForSelector('[data-test=window-table] tr[data-no="20"]');
    expect(await page.textContent('[data-test=window-table] tr[data-no="20"] [data-test=window-categories]')).toMatch(/Z 测试业务.*A /);
    await shot(page, 'e2e-setup-windows');
    const w = (await get('/api/halls/demo')).windows.find((x: { no: number }) => x.no === 20);
    expect(w).toMatchObject({ name: '测试综合窗口', kind: 'comprehensive', categoryIds: [zId, 'cat_A'], aClerkId: clerk.id, bClerkId: null });
  });

  it('changes the queue rules', async () => {
    await page.waitForSelector('[data-test=admin-rules]');
    expect(await page.inputValue('input[name=rule-maxRecalls]')).toBe('3');
    await page.fill('input[name=rule-maxRecalls]', '2');
    await page.fill('input[name=rule-maxConsecutivePriority]', '1');
    await page.waitForSelector('[data-test=rules-unsaved]');
    await page.click('[data-test=rules-save]');
    await page.waitForSelector('[data-test=rules-notice]');
    // After the save every rule is known and shown.
    expect(await page.inputValue('input[name=rule-badRatingFollowUpDays]')).toBe('5');
    await page.locator('[data-test=admin-rules]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-setup-rules');
    expect((await get('/api/halls/demo')).rules.maxRecalls).toBe(2);
    const all = await api(s.url, 'PUT', '/api/halls/demo/rules', {}, bearer(admin));
    expect(all.body).toMatchObject({ maxRecalls: 2, maxConsecutivePriority: 1, requeueAfter: 3 });
    expect(errors).toEqual([]);
  });

  it('the kiosk shows the new category', async () => {
    const kiosk = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const kioskErrors = watchErrors(kiosk);
    await kiosk.goto(`${s.url}/kiosk-ui/`);
    await kiosk.waitForSelector(`[data-category="${zId}"]`);
    expect(await kiosk.textContent(`[data-category="${zId}"]`)).toContain('测试业务');
    await kiosk.locator(`[data-category="${zId}"]`).scrollIntoViewIfNeeded();
    await shot(kiosk, 'e2e-setup-kiosk');
    expect(kioskErrors).toEqual([]);
  });
});
