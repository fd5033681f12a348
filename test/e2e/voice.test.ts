import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api, bearer, login } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';
import { CHROMIUM, ROOT, shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CLIP_FILES = fs.readdirSync(path.join(ROOT, 'assets/voice/default')).filter((f) => f.endsWith('.wav'));

/** The announcer's own record (its `hallq:announce` events), collected from the first script of the page on. */
async function recordAnnouncer(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __announced: unknown[] };
    w.__announced = [];
    window.addEventListener('hallq:announce', (e) => w.__announced.push((e as CustomEvent).detail));
  });
}
const announced = (page: Page) => page.evaluate(() => (window as unknown as { __announced: Array<{ type: string; name?: string; state?: string; via?: string; seconds?: number }> }).__announced);

describe('a voice that always speaks: recorded clips with no browser voice; a mute display says so, here and on the manager’s list', () => {
  const ui = uiSuite();
  let allowed: Browser;
  let refused: Browser;
  let admin: Record<string, string>;
  let clerk: Record<string, string>;

  beforeAll(async () => {
    // The kiosk-mode flag of the README, and the default policy a display has after a reboot.
    allowed = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--autoplay-policy=no-user-gesture-required'] });
    refused = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--autoplay-policy=document-user-activation-required'] });
    admin = bearer(await login(ui.s.url, 'admin'));
    clerk = bearer(await login(ui.s.url, 'clerk01'));
  });
  afterAll(async () => {
    await allowed?.close();
    await refused?.close();
  });

  const display = async (name: string) => (await api(ui.s.url, 'POST', '/api/devices', { kind: 'display', name }, admin)).body as { id: string; enrolToken: string };
  const soundOf = async (id: string) => ((await api(ui.s.url, 'GET', '/api/halls/demo/displays/sound', undefined, admin)).body as Array<{ id: string; soundState: string | null }>).find((d) => d.id === id)?.soundState;

  it('with no speech voice, a call is read from the clips in order, chime first; every shipped clip decodes', async () => {
    const dev = await display('大厅主屏');
    const page = await allowed.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    await recordAnnouncer(page);
    await page.goto(`${ui.s.url}/display-ui/?deviceToken=${dev.enrolToken}`);
    await until(async () => (await announced(page)).some((e) => e.type === 'sound'), 15_000);
    expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    expect((await announced(page)).filter((e) => e.type === 'sound').map((e) => e.state)).toEqual(['clips']);
    expect(await page.isVisible('[data-test=sound-banner]')).toBe(false);
    await until(async () => (await soundOf(dev.id)) === 'clips');

    await api(ui.s.url, 'POST', '/api/windows/win_3/open', undefined, clerk);
    const t = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    expect(t.number).toBe('A001');
    expect((await api(ui.s.url, 'POST', '/api/windows/win_3/call-next', undefined, clerk)).body.ticket.number).toBe('A001');
    const phrase = ['chime', 'qing', 'letterA', 'd0', 'd0', 'd1', 'hao', 'dao', 'd3', 'haochuangkou', 'banli'];
    await until(async () => (await announced(page)).filter((e) => e.type === 'clip').length >= phrase.length, 15_000);
    const log = await announced(page);
    expect(log.find((e) => e.type === 'call')).toMatchObject({ number: 'A001', via: 'clips' });
    const clips = log.filter((e) => e.type === 'clip');
    expect(clips.map((e) => e.name)).toEqual(phrase);
    for (const c of clips) expect(c.seconds!).toBeGreaterThan(0.1);
    expect(log.filter((e) => e.type === 'clip-error')).toEqual([]);
    await shot(page, 'e2e-voice-display-clips-1920x1080');

    // Each shipped file, fetched as a display fetches it, decodes in the browser's own decoder.
    const decoded = await page.evaluate(async (files) => {
      const ctx = new OfflineAudioContext(1, 16_000, 16_000);
      const out: Array<[string, number]> = [];
      for (const f of files) {
        const res = await fetch(`/api/halls/demo/voice/clips/${f.replace(/\.wav$/, '')}`);
        const buf = await ctx.decodeAudioData(await res.arrayBuffer());
        out.push([f, buf.duration]);
      }
      return out;
    }, CLIP_FILES);
    expect(decoded).toHaveLength(45);
    for (const [f, secs] of decoded) expect(secs, f).toBeGreaterThan(0.1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('autoplay refused: the display shows the banner, the manager’s list shows it, a tap clears both', async () => {
    const dev = await display('二楼大屏');
    const ctx = await refused.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await recordAnnouncer(page);
    await page.goto(`${ui.s.url}/display-ui/?deviceToken=${dev.enrolToken}`);
    // Watched from the server first: Playwright's own in-page polling counts as a user gesture,
    // which would let the page's AudioContext start before it has looked.
    await until(async () => (await soundOf(dev.id)) === 'blocked', 15_000);
    await page.waitForSelector('[data-test=sound-banner][data-state=blocked]');
    expect(await page.textContent('[data-test=sound-banner]')).toContain('声音未开启，请点击屏幕');
    // On the screen, within it and not hiding the latest call.
    const box = (await page.locator('[data-test=sound-banner]').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await shot(page, 'e2e-voice-display-blocked-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'e2e-voice-display-blocked-1920x1080');

    const mgr = await ui.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await staffLogin(mgr, ui.s.url, 'manager');
    await mgr.waitForSelector(`[data-test=display-sound] [data-display="${dev.id}"][data-state=blocked]`, { timeout: 15_000 });
    expect(await mgr.textContent(`[data-test=display-sound] [data-display="${dev.id}"]`)).toContain('声音未开启');
    await mgr.locator('[data-test=display-sound]').scrollIntoViewIfNeeded();
    await shot(mgr, 'e2e-voice-manager-display-sound');

    await page.mouse.click(400, 300);
    await page.waitForSelector('[data-test=sound-banner]', { state: 'detached' });
    await mgr.waitForSelector(`[data-test=display-sound] [data-display="${dev.id}"][data-state=clips]`, { timeout: 15_000 });
    expect((await announced(page)).filter((e) => e.type === 'sound').map((e) => e.state)).toEqual(['blocked', 'clips']);
    expect(errors).toEqual([]);
    await mgr.close();
    await ctx.close();
  });
});

describe('the phone ticket page vibrates and chimes when its ticket is called', () => {
  const ui = uiSuite();

  it('vibrates [300,150,300] and plays the hall chime on the call, again on a recall', async () => {
    const phone = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--autoplay-policy=no-user-gesture-required'] });
    try {
      const page = await (await phone.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })).newPage();
      const errors = watchErrors(page);
      // The browser's own vibrate, recorded as it is called through; the chime's own event.
      await page.addInitScript(() => {
        const w = window as unknown as { __vibrations: unknown[]; __chimes: unknown[] };
        w.__vibrations = [];
        w.__chimes = [];
        const real = navigator.vibrate?.bind(navigator);
        navigator.vibrate = ((p: VibratePattern) => (w.__vibrations.push(p), real ? real(p) : true)) as Navigator["vibrate"];
        window.addEventListener('hallq:chime', (e) => w.__chimes.push((e as CustomEvent).detail));
      });
      const issued = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_Q' })).body;
      await page.goto(`${ui.s.url}/kiosk-ui/ticket.html?id=${issued.id}#key=${issued.key}`);
      await page.waitForSelector('[data-test=ticket-number]');
      const clerk = bearer(await login(ui.s.url, 'clerk06'));
      await api(ui.s.url, 'POST', '/api/windows/win_9/open', undefined, clerk);
      expect((await api(ui.s.url, 'POST', '/api/windows/win_9/call-next', undefined, clerk)).body.ticket.number).toBe(issued.number);
      await page.waitForSelector('[data-test=called-alert]');
      const seen = () => page.evaluate(() => {
        const w = window as unknown as { __vibrations: unknown[]; __chimes: unknown[] };
        return { v: w.__vibrations, c: w.__chimes };
      });
      await until(async () => (await seen()).c.length === 1);
      expect(await seen()).toEqual({ v: [[300, 150, 300]], c: [{ via: 'clip' }] });
      await shot(page, 'e2e-voice-phone-called-360x740');
      await api(ui.s.url, 'POST', '/api/windows/win_9/recall', undefined, clerk);
      await until(async () => (await seen()).c.length === 2);
      expect((await seen()).v).toEqual([[300, 150, 300], [300, 150, 300, 150, 300]]);
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

describe('声音与通知 in 系统管理: the admin sets the voice and adds a webhook, and reads its delivery log', () => {
  const ui = uiSuite();

  it('saves repeat and clips-first, refuses an ftp receiver with its words, adds an https one, shows a delivery', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-notify]');
    await page.waitForSelector('[data-test=admin-voice]');
    await page.selectOption('[data-test=voice-repeat]', '2');
    await page.check('[data-test=voice-prefer-clips]');
    await page.click('[data-test=voice-save]');
    await page.waitForSelector('[data-test=admin-voice] .msg.ok');
    expect((await api(ui.s.url, 'GET', '/api/halls/demo/voice')).body).toMatchObject({ repeat: 2, preferClips: true });

    await page.fill('[data-test=webhook-url]', 'ftp://gateway.example/hook');
    await page.fill('[data-test=webhook-secret]', 'sixteen-chars-or-more');
    await page.click('[data-test=webhook-add]');
    await page.waitForSelector('[data-test=admin-webhooks] .msg.error');
    expect(await page.textContent('[data-test=admin-webhooks] .msg.error')).not.toContain('BAD_WEBHOOK_URL');

    // A receiver that is not there: the call is queued, tried, and shown as retrying.
    await page.fill('[data-test=webhook-url]', 'http://127.0.0.1:9/hook');
    await page.click('[data-test=webhook-add]');
    await page.waitForSelector('[data-test=admin-webhooks] [data-webhook]');
    const clerk = bearer(await login(ui.s.url, 'clerk01'));
    await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
    await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
    const admin = bearer(await login(ui.s.url, 'admin'));
    await until(async () => ((await api(ui.s.url, 'GET', '/api/halls/demo/webhooks/deliveries', undefined, admin)).body as Array<{ attempts: number }>)[0]?.attempts === 1);
    await page.click('[data-test=admin-tab-queue]');
    await page.click('[data-test=admin-tab-notify]');
    await page.waitForSelector('[data-test=webhook-log] tr[data-status=pending]');
    expect(await page.textContent('[data-test=webhook-log]')).toContain('待重试');
    await shot(page, 'e2e-voice-admin-notify-1366x768');
    expect(errors).toEqual([]);
    await page.close();
  });
});
