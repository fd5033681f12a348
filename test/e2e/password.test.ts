import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

describe('staff page: 修改密码', () => {
  const ui = uiSuite();

  it('a clerk replaces the demo password; a mismatch is caught on the page, a wrong old password by the server', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'clerk05');
    await page.click('[data-test=change-password]');
    await page.fill('input[name=old-password]', DEMO_PASSWORD);
    await page.fill('input[name=new-password]', 'brand-new-pass-5');
    await page.fill('input[name=new-password-again]', 'brand-new-pass-6');
    await page.click('[data-test=password-save]');
    expect(await page.textContent('[data-test=password-dialog] [role=alert]')).toContain('不一致');
    await page.fill('input[name=old-password]', 'not-the-password');
    await page.fill('input[name=new-password-again]', 'brand-new-pass-5');
    await page.click('[data-test=password-save]');
    await page.waitForFunction(() => document.querySelector('[data-test=password-dialog] [role=alert]')?.textContent?.includes('原密码不正确'));
    await shot(page, 'e2e-staff-password');
    await page.fill('input[name=old-password]', DEMO_PASSWORD);
    await page.click('[data-test=password-save]');
    await page.waitForSelector('[data-test=password-dialog]', { state: 'detached' });
    expect(await login(ui.s.url, 'clerk05', 'brand-new-pass-5')).toEqual(expect.any(String));
    expect(errors).toEqual([]);
  });
});
