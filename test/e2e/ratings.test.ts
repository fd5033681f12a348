import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, staffLogin, watchErrors } from './helpers.ts';
import { ShiftedClock, startUiServerAt } from './clock-server.ts';

/** 好差评: on the phone holding the ticket, on the counter's evaluator, and the manager's follow-up of a 差评. */
describe('好差评: rating on the phone and the evaluator, follow-up by the manager', () => {
  const clock = new ShiftedClock();
  let s: TestServer;
  let browser: Browser;
  let clerk = '';
  const issue = async () => (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body as { id: string; number: string; key: string };
  /** The counter's evaluator, registered by the admin for win_1 (the admin page's link carries its token). */
  let evaluatorToken = '';
  const win = (action: string) => api(s.url, 'POST', `/api/windows/win_1/${action}`, undefined, bearer(clerk));

  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServerAt(clock);
    browser = await launchBrowser();
    clerk = await login(s.url, 'clerk01');
    expect((await win('open')).status).toBe(200);
    const admin = await login(s.url, 'admin');
    const device = await api(s.url, 'POST', '/api/devices', { hallId: 'demo', kind: 'evaluator', name: '1号窗口评价器', windowId: 'win_1' }, bearer(admin));
    expect(device.status).toBe(201);
    evaluatorToken = device.body.token;
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a citizen rates a done ticket 非常不满意 on the phone; the evaluator asks the next one, who rates 非常满意', async () => {
    const first = await issue();
    const second = await issue();

    const evaluator = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const evalErrors = watchErrors(evaluator);
    // Opened without its device credential, the tablet says it must be registered (it cannot rate).
    await evaluator.goto(`${s.url}/display-ui/evaluator.html?window=win_1`);
    await evaluator.waitForSelector('[data-test=evaluator-device]');
    expect(await evaluator.textContent('[data-test=evaluator-device]')).toContain('评价器未登记');
    await shot(evaluator, 'e2e-evaluator-unregistered');
    await evaluator.goto(`${s.url}/display-ui/evaluator.html?window=win_1&deviceToken=${evaluatorToken}`);
    await evaluator.waitForSelector('[data-test=clerk-name]');
    expect(await evaluator.textContent('[data-test=clerk-name]')).toBeTruthy();

    const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const phoneErrors = watchErrors(phone);
    // The ticket's QR: the id, and the key in the fragment.
    await phone.goto(`${s.url}/kiosk-ui/ticket.html?id=${first.id}#key=${first.key}`);
    await phone.waitForSelector('[data-test=ticket-number]');
    expect(await phone.$('[data-test=rating]')).toBeNull();

    // Called, served, done: the phone offers the rating, the evaluator asks for it too.
    expect((await win('call-next')).body.ticket.id).toBe(first.id);
    await evaluator.waitForFunction((n) => document.querySelector('[data-test=current-number]')?.textContent === n, first.number);
    await shot(evaluator, 'e2e-evaluator-idle');
    expect((await win('start')).status).toBe(200);
    expect((await win('complete')).status).toBe(200);
    await evaluator.waitForSelector(`[data-test=evaluator-prompt][data-ticket="${first.id}"]`);

    await phone.waitForSelector('[data-test=rating] [data-score="1"]');
    await phone.click('[data-score="1"]');
    await phone.click('[data-tag=long_wait]');
    await phone.click('[data-tag=bad_attitude]');
    await phone.fill('textarea[name=comment]', '等了一个多小时，窗口人员态度冷淡');
    await phone.locator('[data-test=rating]').scrollIntoViewIfNeeded();
    await shot(phone, 'e2e-rating-phone');
    await phone.click('[data-test=rating-submit]');
    await phone.waitForSelector('[data-test=rating-thanks]');
    expect(await phone.textContent('[data-test=rating-thanks]')).toContain('回访整改');
    await shot(phone, 'e2e-rating-phone-thanks');
    const bad = (await api(s.url, 'POST', `/api/tickets/${first.id}/rating`, { score: 5 }, { 'x-ticket-key': first.key })).body;
    expect(bad.error.code).toBe('ALREADY_RATED');
    // The evaluator's question for that ticket ends in thanks as well: it was rated already.
    await evaluator.click('[data-test=evaluator-prompt] [data-score="5"]');
    await evaluator.click('[data-test=evaluator-prompt] [data-test=rating-submit]');
    await evaluator.waitForSelector('[data-test=evaluator-prompt] [data-test=rating-thanks]');

    // The next citizen: "next" then done; the evaluator asks about that ticket, for 30 s.
    expect((await win('call-next')).body.ticket.id).toBe(second.id);
    expect((await win('start')).status).toBe(200);
    expect((await win('complete')).status).toBe(200);
    await evaluator.waitForSelector(`[data-test=evaluator-prompt][data-ticket="${second.id}"]`);
    expect(await evaluator.textContent('[data-test=evaluator-prompt]')).toContain(`${second.number} 号业务已办结`);
    await evaluator.click('[data-score="5"]');
    await evaluator.click('[data-tag=efficient]');
    await shot(evaluator, 'e2e-evaluator-prompt');
    await evaluator.click('[data-test=rating-submit]');
    await evaluator.waitForSelector('[data-test=rating-thanks]');
    await shot(evaluator, 'e2e-evaluator-thanks');
    expect(phoneErrors).toEqual([]);
    expect(evalErrors).toEqual([]);
  });

  it('the manager sees today’s ratings and the open 差评', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1200 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, s.url, 'manager');
    await page.waitForSelector('[data-test=ratings-panel] [data-test=follow-up-table]');
    expect(await page.textContent('[data-test=ratings-count]')).toContain('2');
    expect(await page.textContent('[data-test=ratings-average]')).toContain('3.00');
    expect(await page.textContent('[data-test=ratings-satisfaction]')).toContain('50.0%');
    const row = '[data-test=follow-up-table] tr[data-ticket-number="A001"]';
    await page.waitForSelector(row);
    const text = (await page.textContent(row))!;
    expect(text).toContain('非常不满意');
    expect(text).toContain('1号窗口');
    expect(text).toContain('窗口人员态度冷淡');
    expect(await page.$(`${row}.overdue`)).toBeNull();
    await page.locator('[data-test=ratings-panel]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-manager-ratings');
    expect(errors).toEqual([]);
  });

  it('three weeks later the follow-up is overdue, in red; recording the call-back closes it', async () => {
    // Past the 5 working days the hall allows for a 差评 follow-up (the staff session is new, too).
    clock.offsetMs = 21 * 86_400_000;
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1200 } })).newPage();
    await page.clock.setFixedTime(new Date(clock.now()));
    const errors = watchErrors(page);
    await staffLogin(page, s.url, 'manager');
    const row = '[data-test=follow-up-table] tr[data-ticket-number="A001"]';
    await page.waitForSelector(`${row}.overdue`);
    expect(await page.textContent(`${row} [data-test=follow-up-due]`)).toContain('已超期');
    expect(await page.evaluate((r) => getComputedStyle(document.querySelector(`${r} [data-test=follow-up-due]`)!).color, row)).toBe('rgb(200, 22, 29)');
    // Today's numbers start again at nought.
    expect(await page.textContent('[data-test=ratings-count]')).toContain('0');
    await page.locator('[data-test=ratings-panel]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-manager-ratings-overdue');

    await page.click(`${row} [data-test=follow-up-open]`);
    await page.waitForSelector('[data-test=follow-up-dialog]');
    expect(await page.isDisabled('[data-test=follow-up-save]')).toBe(true);
    await page.fill('textarea[name=followUpResult]', '已电话回访群众并致歉；已对窗口人员进行服务规范提醒，高峰时段增开综窗。');
    await shot(page, 'e2e-manager-follow-up');
    await page.click('[data-test=follow-up-save]');
    await page.waitForSelector('[data-test=no-follow-ups]');
    expect(await page.textContent('[data-test=ratings-note]')).toContain('回访已办结');

    const token = await login(s.url, 'manager');
    const closed = (await api(s.url, 'GET', '/api/halls/demo/ratings?followUp=closed', undefined, bearer(token))).body as Array<{ ticketNumber: string; followUp: { status: string; result: string } }>;
    expect(closed.find((r) => r.ticketNumber === 'A001')?.followUp.result).toContain('已电话回访');
    expect(errors).toEqual([]);
  });
});
