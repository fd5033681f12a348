import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, bearer, login } from '../helpers/server.ts';
import { describeSqliteOnly } from '../helpers/pg.ts';
import { axeViolations, describeFindings } from './axe.ts';
import { measureElder, type ElderLimits } from './measure.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

/** 适老化 limits: the kiosk (px on a 1080x1920 or 1920x1080 screen) and a phone (CSS px = dp). */
const KIOSK: ElderLimits = { minText: 32, largest: 40, minTarget: 80 };
const PHONE: ElderLimits = { minText: 24, largest: 40, minTarget: 60 };

/**
 * 长者模式 on the kiosk, the phone ticket and the booking page: one tap from every screen, and
 * every screen measured in the page (text, line height, targets, contrast) and checked by axe.
 */
describeSqliteOnly('elder mode is the pages\' CSS and flow; the database plays no part in it', '长者模式 (elder mode)', () => {
  const ui = uiSuite();

  async function check(page: Page, limits: ElderLimits, where: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    const m = await measureElder(page, limits);
    expect.soft(m.problems, `${where}:\n  ${m.problems.join('\n  ')}`).toEqual([]);
    expect.soft(m.texts, `${where}: texts measured`).toBeGreaterThan(3);
    const findings = await axeViolations(page);
    expect.soft(findings, describeFindings(where, findings)).toEqual([]);
  }
  const isElder = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('elder'));

  for (const [width, height] of [[1080, 1920], [1920, 1080]] as const) {
    it(`the kiosk at ${width}x${height}: one tap turns it on, one question a screen, and the next citizen starts normal`, async () => {
      const page = await (await ui.browser.newContext({ viewport: { width, height } })).newPage();
      const errors = watchErrors(page);
      const size = `${width}x${height}`;
      await page.goto(`${ui.s.url}/kiosk-ui/`);
      await page.waitForSelector('[data-category=cat_A]');
      expect(await isElder(page)).toBe(false);
      await page.click('[data-test=elder-toggle]');
      expect(await page.getAttribute('[data-test=elder-toggle]', 'aria-pressed')).toBe('true');
      expect(await isElder(page)).toBe(true);
      await check(page, KIOSK, `kiosk home ${size}`);
      await shot(page, `elder-kiosk-home-${size}`);

      await page.click('[data-category=cat_A]');
      await page.waitForSelector('[data-test=elder-take][data-step=matter]');
      // One question: the matter only, no priority or ID number on the same screen.
      expect(await page.$('[data-priority], [data-test=id-field], [data-test=take]')).toBeNull();
      await check(page, KIOSK, `kiosk step matter ${size}`);
      await shot(page, `elder-kiosk-matter-${size}`);
      const matter = await page.getAttribute('[data-test=elder-take] [data-matter]:not([data-matter=""])', 'data-matter');
      await page.click(`[data-matter="${matter}"]`);

      await page.waitForSelector('[data-test=elder-take][data-step=priority]');
      expect(await page.$('[data-matter], [data-test=take]')).toBeNull();
      await check(page, KIOSK, `kiosk step priority ${size}`);
      await shot(page, `elder-kiosk-priority-${size}`);
      await page.click('[data-test=elder-take] [data-priority=elderly]');

      await page.waitForSelector('[data-test=elder-take][data-step=id]');
      await check(page, KIOSK, `kiosk step id ${size}`);
      await page.click('[data-test=elder-id-enter]');
      await page.waitForSelector('[data-test=id-screen]');
      await check(page, KIOSK, `kiosk ID keypad ${size}`);
      await shot(page, `elder-kiosk-keypad-${size}`);
      for (const k of '11010519491231002X') await page.click(`[data-key="${k}"]`);
      await page.click('[data-test=id-ok]');

      await page.waitForSelector('[data-test=elder-take][data-step=confirm]');
      const summary = await page.textContent('[data-test=elder-summary]');
      expect(summary).toContain('老年人');
      expect(summary).toContain('110***********002X');
      await check(page, KIOSK, `kiosk step confirm ${size}`);
      await shot(page, `elder-kiosk-confirm-${size}`);
      // 上一步 keeps the answers: back to the ID step and forward again.
      await page.click('[data-test=elder-prev]');
      await page.waitForSelector('[data-test=elder-take][data-step=id]');
      await page.click('[data-test=elder-id-skip]');
      await page.waitForSelector('[data-test=elder-take][data-step=confirm]');
      expect(await page.textContent('[data-test=elder-summary]')).not.toContain('002X');

      const [sent] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/halls/demo/tickets') && r.request().method() === 'POST'),
        page.click('[data-test=take]'),
      ]);
      // The answers of the four screens, in one request: the skipped ID number is not sent.
      expect(sent.request().postDataJSON()).toEqual({ categoryId: 'cat_A', priority: 'elderly', matterId: matter });
      expect((await sent.json()).priority).toBe('elderly');
      await page.waitForSelector('[data-test=ticket-number]');
      await check(page, KIOSK, `kiosk result ${size}`);
      await shot(page, `elder-kiosk-result-${size}`);

      // The next citizen: the mode is off again at home.
      await page.click('[data-test=done]');
      await page.waitForSelector('[data-category=cat_A]');
      expect(await isElder(page)).toBe(false);
      expect(await page.getAttribute('[data-test=elder-toggle]', 'aria-pressed')).toBe('false');
      // Off, the sheet asks everything on one screen as before.
      await page.click('[data-category=cat_A]');
      await page.waitForSelector('[data-test=take]');
      expect(await page.$('[data-test=elder-take]')).toBeNull();

      // 预约签到 and 凭回执取件 ask one thing each already (a code): measured in elder mode too.
      await page.click('[data-test=elder-toggle]');
      await page.waitForSelector('[data-test=elder-take]');
      await page.click('[data-test=elder-home]');
      await page.click('[data-test=checkin-open]');
      await page.waitForSelector('[data-test=checkin]');
      await check(page, KIOSK, `kiosk check-in ${size}`);
      await shot(page, `elder-kiosk-checkin-${size}`);
      await page.click('[data-test=checkin-cancel]');
      await page.click('[data-test=pickup-open]');
      await page.waitForSelector('[data-test=code-screen]');
      await check(page, KIOSK, `kiosk pickup ${size}`);
      expect(errors).toEqual([]);
    }, 90_000);
  }

  it('the kiosk in 繁體 and English: the longer words still fit, measured on the home screen and each question', async () => {
    for (const [lang, size] of [['en', [1080, 1920]], ['zh-TW', [1920, 1080]], ['en', [1920, 1080]]] as const) {
      const page = await (await ui.browser.newContext({ viewport: { width: size[0], height: size[1] } })).newPage();
      const errors = watchErrors(page);
      const where = `kiosk ${lang} ${size.join('x')}`;
      await page.goto(`${ui.s.url}/kiosk-ui/?lang=${lang}`);
      await page.waitForSelector('[data-category=cat_A]');
      await page.click('[data-test=elder-toggle]');
      await check(page, KIOSK, `${where} home`);
      await shot(page, `elder-kiosk-home-${lang}-${size.join('x')}`);
      await page.click('[data-category=cat_A]');
      for (const step of ['matter', 'priority', 'id', 'confirm']) {
        await page.waitForSelector(`[data-test=elder-take][data-step=${step}]`);
        await check(page, KIOSK, `${where} ${step}`);
        if (step === 'priority') await shot(page, `elder-kiosk-priority-${lang}-${size.join('x')}`);
        if (step === 'matter') await page.click('[data-test=elder-take] [data-matter=""]');
        if (step === 'priority') await page.click('[data-test=elder-take] [data-priority=""]');
        if (step === 'id') await page.click('[data-test=elder-id-skip]');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 120_000);

  it('a kiosk left in elder mode at home returns to normal for the next citizen after a minute untouched', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await page.clock.install();
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-category=cat_A]');
    await page.click('[data-test=elder-toggle]');
    expect(await isElder(page)).toBe(true);
    await page.clock.fastForward(30_000);
    expect(await isElder(page)).toBe(true);
    await page.clock.fastForward(31_000);
    await page.waitForFunction(() => !document.documentElement.classList.contains('elder'));
    expect(await page.getAttribute('[data-test=elder-toggle]', 'aria-pressed')).toBe('false');
  }, 90_000);

  it('the kiosk reads the screen aloud with a Chinese voice, and says so on screen when it has none', async () => {
    // This Chromium has no speech voices (as on many Linux kiosks): the button says so, visibly.
    const bare = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await bare.goto(`${ui.s.url}/kiosk-ui/`);
    await bare.waitForSelector('[data-category=cat_A]');
    expect(await bare.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    await bare.click('[data-test=read-aloud]');
    await bare.waitForSelector('[data-test=read-notice]');
    expect(await bare.textContent('[data-test=read-notice]')).toContain('没有中文语音');
    await bare.click('[data-test=elder-toggle]');
    await check(bare, KIOSK, 'kiosk no-voice notice');
    await shot(bare, 'elder-kiosk-no-voice');
    await bare.click('[data-test=read-notice-close]');
    await bare.waitForSelector('[data-test=read-notice]', { state: 'detached' });

    // With voices (an en-US and a zh-CN one, as a Windows kiosk has): the zh-CN voice reads the screen's words.
    const ctx = await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await ctx.addInitScript(() => {
      const voices = [{ lang: 'en-US', name: 'English', default: true }, { lang: 'zh-CN', name: 'Huihui', default: false }];
      const spoken: Array<{ text: string; lang: string; voice: string }> = [];
      (window as unknown as { spoken: typeof spoken }).spoken = spoken;
      Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => voices });
      Object.defineProperty(window.speechSynthesis, 'speak', { value: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang, voice: (u.voice as unknown as { name: string }).name }) });
      Object.defineProperty(SpeechSynthesisUtterance.prototype, 'voice', { set(v) { this._v = v; }, get() { return this._v; } });
    });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.waitForSelector('[data-category=cat_A]');
    await page.click('[data-test=elder-toggle]');
    await page.click('[data-category=cat_C]');
    await page.waitForSelector('[data-test=elder-take][data-step=matter]');
    await page.click('[data-test=read-aloud]');
    await page.waitForFunction(() => (window as unknown as { spoken: unknown[] }).spoken.length === 1);
    const [said] = await page.evaluate(() => (window as unknown as { spoken: Array<{ text: string; lang: string; voice: string }> }).spoken);
    expect(said!.voice).toBe('Huihui');
    expect(said!.lang).toBe('zh-CN');
    expect(said!.text).toContain('您要办理哪一项事项');
    expect(said!.text).toContain('居民身份证换领');
    expect(await page.$('[data-test=read-notice]')).toBeNull();
    expect(errors).toEqual([]);
  }, 90_000);

  it('the phone ticket page: one tap, remembered on this phone, measured at 360x740', async () => {
    // 公安户政 (C) is served by window 6 alone, and no other test here takes a C ticket: the call is this one.
    const issued = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body;
    const clerk = bearer(await login(ui.s.url, 'clerk06'));
    const win = (action: string) => api(ui.s.url, 'POST', `/api/windows/win_6/${action}`, undefined, clerk);
    const page = await (await ui.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const errors = watchErrors(page);
    const url = `${ui.s.url}/kiosk-ui/ticket.html?id=${issued.id}#key=${issued.key}`;
    await page.goto(url);
    await page.waitForSelector('[data-test=ticket-number]');
    await shot(page, 'elder-phone-ticket-normal');
    await page.click('[data-test=elder-toggle]');
    await check(page, PHONE, 'phone ticket');
    await shot(page, 'elder-phone-ticket');
    await page.reload();
    await page.waitForSelector('[data-test=ticket-number]');
    expect(await isElder(page)).toBe(true);

    // Called, then done with the rating form: each state measured too.
    expect((await win('open')).status).toBe(200);
    expect((await win('call-next')).body.ticket.id).toBe(issued.id);
    await page.waitForSelector('[data-test=called-alert]');
    await check(page, PHONE, 'phone ticket called');
    await shot(page, 'elder-phone-ticket-called');
    expect((await win('start')).status).toBe(200);
    expect((await win('complete')).status).toBe(200);
    await page.waitForSelector('[data-test=rating]');
    await check(page, PHONE, 'phone ticket done, rating');
    await shot(page, 'elder-phone-ticket-rating');

    await page.click('[data-test=elder-toggle]');
    expect(await isElder(page)).toBe(false);
    await page.reload();
    await page.waitForSelector('[data-test=ticket-number]');
    expect(await isElder(page)).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the booking page: one tap, one question a screen, remembered, measured at 360x740', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const errors = watchErrors(page);
    await page.goto(`${ui.s.url}/kiosk-ui/book.html`);
    await page.waitForSelector('[data-test=book-submit]');
    await page.click('[data-test=elder-toggle]');
    // Step 1: the category only.
    await page.waitForSelector('[data-step="1"]', { state: 'visible' });
    expect(await page.isVisible('[data-step="2"]')).toBe(false);
    expect(await page.$('[data-test=book-submit]')).toBeNull();
    await check(page, PHONE, 'booking step 1');
    await shot(page, 'elder-book-1');
    await page.click('[data-step="1"] [data-category=cat_B]');
    await page.click('[data-test=book-next]');
    // Step 2: the day and the slot; 下一步 waits for a slot. Late in the day, today has none left: the first day with one.
    const free = '[data-step="2"] [data-slot]:not([disabled])';
    for (const day of await page.$$eval('[data-step="2"] [data-date]', (ds) => ds.map((d) => d.getAttribute('data-date')!))) {
      await page.click(`[data-date="${day}"]`);
      await page.waitForSelector(`[data-step="2"] [data-slot], [data-test=no-slots]`);
      if (await page.$(free)) break;
    }
    await page.waitForSelector(free);
    expect(await page.isVisible('[data-step="1"]')).toBe(false);
    expect(await page.isDisabled('[data-test=book-next]')).toBe(true);
    await check(page, PHONE, 'booking step 2');
    await shot(page, 'elder-book-2');
    await page.click(free);
    await page.click('[data-test=book-next]');
    // Step 3: the optional details and the button.
    await page.waitForSelector('[data-step="3"]', { state: 'visible' });
    expect(await page.isVisible('[data-step="2"]')).toBe(false);
    await page.fill('input[name=phone]', '13800138000');
    await check(page, PHONE, 'booking step 3');
    await shot(page, 'elder-book-3');
    await page.click('[data-test=book-prev]');
    await page.waitForSelector('[data-step="2"]', { state: 'visible' });
    await page.click('[data-test=book-next]');
    const [sent] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/appointments') && r.request().method() === 'POST'),
      page.click('[data-test=book-submit]'),
    ]);
    expect(sent.status()).toBe(201);
    expect(sent.request().postDataJSON()).toMatchObject({ categoryId: 'cat_B', phone: '13800138000' });
    await page.waitForSelector('[data-test=book-again]');
    await check(page, PHONE, 'booking done');
    await shot(page, 'elder-book-done');
    await page.click('[data-test=tab-lookup]');
    await check(page, PHONE, 'booking lookup');

    // Remembered on this phone.
    await page.goto(`${ui.s.url}/kiosk-ui/book.html`);
    await page.waitForSelector('[data-step="1"]', { state: 'visible' });
    expect(await isElder(page)).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);
});
