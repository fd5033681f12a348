import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, watchErrors } from './helpers.ts';
import { hallTodayAt, ManualClock, startUiServerAt } from './clock-server.ts';

/**
 * 预约: booked on a phone, checked in at the kiosk. The hall clock stands at 10:05 today, so the
 * 10:00 slot has begun (hidden), 10:30 is bookable and open for check-in, 12:00 is too early.
 */
describe('预约: the booking page and the kiosk check-in', () => {
  const now = hallTodayAt('10:05');
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const clock = new ManualClock(now.getTime());
  let s: TestServer;
  let browser: Browser;
  let code = '';
  // The browser's clock stands with the server's: the page hides the slots that have begun.
  const fixedPage = async (viewport: { width: number; height: number }) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.clock.setFixedTime(now);
    return page;
  };
  const book = (categoryId: string, slotStart: string, extra: Record<string, string> = {}) =>
    api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId, date: day, slotStart, ...extra });

  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServerAt(clock);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('books the next slot on a phone and shows the code, its QR and the check-in rule', async () => {
    // 11:00 of 不动产登记 is full (capacity 4).
    for (let i = 0; i < 4; i++) expect((await book('cat_B', '11:00')).status).toBe(201);

    const page = await fixedPage({ width: 390, height: 844 });
    const errors = watchErrors(page);
    // The landing page leads there.
    await page.goto(`${s.url}/`);
    await page.click('a[href="/kiosk-ui/book.html"]');
    await page.waitForSelector('[data-category=cat_B]');
    // Only categories that take appointments: 综合受理 (A) and 出件取件 (Q) take none.
    expect(await page.$('[data-category=cat_A]')).toBeNull();
    expect(await page.$('[data-category=cat_Q]')).toBeNull();
    await page.waitForSelector('[data-slot="10:30"]');
    expect(await page.$('[data-slot="10:00"]')).toBeNull();
    expect(await page.isDisabled('[data-slot="11:00"]')).toBe(true);
    expect(await page.textContent('[data-slot="11:00"]')).toContain('已约满');
    expect(await page.textContent('[data-slot="10:30"]')).toContain('余 4');
    await shot(page, 'e2e-book-form');

    await page.click('[data-slot="10:30"]');
    await page.fill('input[name=phone]', '13800138000');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await shot(page, 'e2e-book-form-filled');
    await page.click('[data-test=book-submit]');
    await page.waitForSelector('[data-test=booking-code]');
    code = (await page.textContent('[data-test=booking-code]'))!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(await page.getAttribute('[data-test=booking-qr]', 'data-value')).toBe(code);
    expect(await page.textContent('[data-test=booking-slot]')).toBe('10:30–11:00');
    expect(await page.textContent('[data-test=booking-rule]')).toContain('请在预约时段开始前30分钟内到自助机签到，迟到15分钟视为爽约');
    await shot(page, 'e2e-book-code');

    const appt = (await api(s.url, 'GET', `/api/halls/demo/appointments/${code}`)).body;
    expect(appt).toMatchObject({ categoryId: 'cat_B', date: day, slotStart: '10:30', status: 'booked' });
    expect(errors).toEqual([]);
  });

  it('looks a booking up by its code and cancels it', async () => {
    const other = (await book('cat_C', '14:00')).body.code as string;
    const page = await fixedPage({ width: 390, height: 844 });
    const errors = watchErrors(page);
    await page.goto(`${s.url}/kiosk-ui/book.html`);
    await page.click('[data-test=tab-lookup]');
    await page.fill('input[name=code]', other.toLowerCase());
    await page.click('[data-test=lookup-submit]');
    await page.waitForSelector('[data-test=booking-status]');
    expect(await page.textContent('[data-test=booking-status]')).toBe('待签到');
    expect(await page.textContent('[data-test=booking-category]')).toBe('公安户政');
    await page.click('[data-test=booking-cancel]');
    await page.click('[data-test=booking-cancel-confirm]');
    await page.waitForSelector('[data-test=booking][data-status=cancelled]');
    expect(await page.textContent('[data-test=lookup-note]')).toContain('预约已取消');
    await shot(page, 'e2e-book-lookup-cancelled');
    expect((await api(s.url, 'GET', `/api/halls/demo/appointments/${other}`)).body.status).toBe('cancelled');

    await page.fill('input[name=code]', 'ZZZZZZ');
    await page.click('[data-test=lookup-submit]');
    await page.waitForSelector('[data-test=lookup-error]');
    expect(await page.textContent('[data-test=lookup-error]')).toContain('没有找到这个预约码');
    expect(errors).toEqual([]);
  });

  it('checks the booking in at the kiosk with the on-screen keypad: a B ticket, then each refusal in Chinese', async () => {
    expect(code).not.toBe('');
    // A registered kiosk: a booking already checked in is shown (and can be reprinted) there.
    const device = await api(s.url, 'POST', '/api/devices', { hallId: 'demo', kind: 'kiosk', name: '1号取号机' }, bearer(await login(s.url, 'admin')));
    expect(device.status).toBe(201);
    const kiosk = await fixedPage({ width: 1080, height: 1920 });
    const errors = watchErrors(kiosk);
    await kiosk.goto(`${s.url}/kiosk-ui/?deviceToken=${device.body.token}`);
    await kiosk.waitForSelector('[data-test=checkin-open]');
    await shot(kiosk, 'e2e-kiosk-home-checkin');
    await kiosk.click('[data-test=checkin-open]');
    await kiosk.waitForSelector('[data-test=checkin]');
    // No look-alikes on the keypad.
    for (const k of ['I', 'O', '0', '1']) expect(await kiosk.$(`[data-key="${k}"]`)).toBeNull();
    for (const k of code.slice(0, 4)) await kiosk.click(`[data-key="${k}"]`);
    await shot(kiosk, 'e2e-kiosk-checkin-keypad');
    for (const k of code.slice(4)) await kiosk.click(`[data-key="${k}"]`);
    expect(await kiosk.getAttribute('[data-test=code-screen]', 'data-value')).toBe(code);
    await kiosk.click('[data-test=checkin-submit]');
    await kiosk.waitForSelector('[data-test=result] [data-test=ticket-number]');
    expect(await kiosk.textContent('[data-test=ticket-number]')).toBe('B001');
    await shot(kiosk, 'e2e-kiosk-checkin-result');
    const appt = (await api(s.url, 'GET', `/api/halls/demo/appointments/${code}`)).body;
    expect(appt.status).toBe('checked_in');
    expect(appt.ticketId).toBeTruthy();

    const tryCode = async (c: string) => {
      await kiosk.goto(`${s.url}/kiosk-ui/`);
      await kiosk.click('[data-test=checkin-open]');
      // A hand scanner types the code and Enter.
      await kiosk.keyboard.type(c.toLowerCase());
      await kiosk.keyboard.press('Enter');
      await kiosk.waitForSelector('[data-test=error-message]');
      return (await kiosk.textContent('[data-test=error-message]'))!;
    };
    // The same code again: already checked in, with the way to that ticket.
    expect(await tryCode(code)).toContain('该预约已签到取号');
    await kiosk.click('[data-test=show-existing]');
    await kiosk.waitForSelector('[data-test=result]');
    expect(await kiosk.textContent('[data-test=ticket-number]')).toBe('B001');

    // An unknown code: retry returns to the keypad with the code kept, to correct it.
    expect(await tryCode('ZZZZZZ')).toContain('没有找到这个预约码');
    await kiosk.click('[data-test=retry]');
    expect(await kiosk.getAttribute('[data-test=code-screen]', 'data-value')).toBe('ZZZZZZ');
    await kiosk.click('[data-test=checkin-cancel]');

    // 12:00 is two hours away: too early.
    const later = (await book('cat_D', '12:00')).body.code as string;
    expect(await tryCode(later)).toContain('请在预约时段开始前30分钟内签到');
    await shot(kiosk, 'e2e-kiosk-checkin-too-early');
    // A booking for tomorrow.
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now.getTime() + 86_400_000));
    const next = (await api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_F', date: tomorrow, slotStart: '10:30' })).body.code as string;
    expect(await tryCode(next)).toContain('请在预约当天签到');
    expect(errors).toEqual([]);
  });
});
