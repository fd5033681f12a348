import { describe, expect, it } from 'vitest';
import { api } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

describe('票据设置: a receipt line with a control character is refused in words', () => {
  const ui = uiSuite();

  it('says which character, in Chinese, and keeps the saved texts', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-receipt]');
    await page.waitForSelector('[data-test=admin-receipt]');
    const saved = (await api(ui.s.url, 'GET', '/api/halls/demo/print-settings')).body.header as string[];
    await page.click('[data-test=lines-header] [data-test=line-add]');
    // Pasted from another program with a BEL inside.
    await page.fill(`input[name=header-${saved.length}]`, '便民\u0007服务');
    await page.click('[data-test=receipt-save]');
    const alert = page.locator('[data-test=admin-receipt] .msg.error[role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('填写的内容含有不能打印或显示的控制字符（U+0007），请删除后重试');
    expect((await api(ui.s.url, 'GET', '/api/halls/demo/print-settings')).body.header).toEqual(saved);
    // Tall enough to show the message at the top of the form and the line it is about.
    await page.setViewportSize({ width: 1600, height: 1300 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'e2e-receipt-control-character');
    expect(errors).toEqual([]);
  });
});
