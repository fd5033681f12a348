import { describe, expect, it } from 'vitest';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, uiSuite, watchErrors } from './helpers.ts';

describe('kiosk: 凭回执取件 (综窗出件)', () => {
  const ui = uiSuite();

  it('a scanned slip QR takes a pickup number once the case is decided', async () => {
    const clerk = bearer(await login(ui.s.url, 'clerk02'));
    await api(ui.s.url, 'POST', '/api/windows/win_2/open', undefined, clerk);
    const matter = (await api(ui.s.url, 'GET', '/api/halls/demo/matters')).body.find((m: { name: string }) => m.name === '发票领用');
    const c = (await api(ui.s.url, 'POST', '/api/windows/win_2/cases', { matterId: matter.id }, clerk)).body;

    const page = await (await ui.browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    const errors = watchErrors(page);
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.click('[data-test=pickup-open]');
    await page.waitForSelector('[data-test=pickup]');
    // A QR scanner types the slip's link and Enter; the page takes the code out of it.
    await page.keyboard.type(`http://localhost/kiosk-ui/case.html?no=${c.caseNo}&code=${c.pickupCode}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.textContent?.includes('尚未办结'));
    await shot(page, 'e2e-kiosk-pickup-not-ready');

    await api(ui.s.url, 'POST', `/api/cases/${c.caseNo}/status`, { status: 'decided' }, clerk);
    await page.goto(`${ui.s.url}/kiosk-ui/`);
    await page.click('[data-test=pickup-open]');
    for (const ch of c.pickupCode as string) await page.click(`[data-test=pickup] [data-key="${ch}"]`);
    await shot(page, 'e2e-kiosk-pickup');
    await page.click('[data-test=pickup-submit]');
    await page.waitForFunction(() => document.body.textContent?.includes('Q001'));
    expect(errors).toEqual([]);
  });
});
