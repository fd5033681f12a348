import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, staffLogin, startUiServer, watchErrors } from './helpers.ts';

describe('系统管理: the admin registers devices, sets printers, manages staff and the receipt texts', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let admin: string;
  let oldKiosk: { id: string; token: string };

  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServer();
    browser = await launchBrowser();
    admin = await login(s.url, 'admin');
    // A kiosk registered before (printing to the server's spool file) with one ticket printed: the receipt preview has something to show.
    const r = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '旧取号机' }, bearer(admin));
    expect(r.status).toBe(201);
    oldKiosk = r.body;
    expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' }, { 'x-device-token': oldKiosk.token })).status).toBe(201);
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    errors = watchErrors(page);
    await staffLogin(page, s.url, 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });
  const get = async (url: string) => (await api(s.url, 'GET', url, undefined, bearer(admin))).body;

  it('registers a kiosk with a network printer and shows its token once, with the kiosk link', async () => {
    await page.click('[data-test=tab-admin]');
    await page.waitForSelector('[data-test=device-table] tr[data-name="旧取号机"]');
    expect(await page.textContent('[data-test=device-table] tr[data-name="旧取号机"]')).toContain('服务器打印文件');

    await page.click('[data-test=device-add]');
    // Nothing filled in: the form says what is missing and sends nothing.
    await page.click('[data-test=device-submit]');
    await page.waitForSelector('[data-test=device-form] .field-error');
    await page.fill('input[name=device-name]', '东门取号机');
    await page.selectOption('[data-test=printer-chooser-device] [data-test=printer-mode]', 'tcp');
    await page.fill('[data-test=printer-chooser-device] [data-test=printer-host]', '127.0.0.1');
    await page.fill('[data-test=printer-chooser-device] [data-test=printer-port]', '9100');
    await page.click('[data-test=device-form] [data-paper="80"]');
    await shot(page, 'e2e-admin-device-form');
    await page.click('[data-test=device-submit]');

    await page.waitForSelector('[data-test=token-dialog]');
    const link = (await page.textContent('[data-test=token-kiosk]')) ?? '';
    // The link carries a one-time enrolment token, not the device's own token (which agents use).
    expect(link).toMatch(new RegExp(`^${s.url}/kiosk-ui/\\?deviceToken=enr_[\\w-]+$`));
    const token = ((await page.textContent('[data-test=token-token]')) ?? '').trim();
    expect(token).toMatch(/^dev_/);
    expect(await page.textContent('[data-test=token-warning]')).toContain('只显示这一次');
    await page.click('[data-test=copy-kiosk]');
    await page.waitForFunction(() => document.querySelector('[data-test=copy-kiosk]')?.textContent?.includes('已复制'));
    await shot(page, 'e2e-admin-token-dialog');
    // The token works: it is this kiosk's credential.
    expect((await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': token })).body.name).toBe('东门取号机');
    await page.click('[data-test=token-close]');
    await page.waitForSelector('[data-test=token-dialog]', { state: 'detached' });
    await page.waitForSelector('[data-test=device-table] tr[data-name="东门取号机"]');
    expect(await page.textContent('[data-test=device-table] tr[data-name="东门取号机"]')).toContain('tcp://127.0.0.1:9100');
  });

  it('registers a print agent for a window: the dialog gives the exact agent command', async () => {
    await page.click('[data-test=device-add]');
    await page.click('[data-test=device-form] [data-kind=agent]');
    await page.fill('input[name=device-name]', '9号窗口打印代理');
    await page.selectOption('select[name=device-window]', 'win_9');
    await page.uncheck('input[name=window-agent]'); // window 9's printer is set in its own section below
    await page.click('[data-test=device-submit]');
    await page.waitForSelector('[data-test=token-dialog]');
    const token = ((await page.textContent('[data-test=token-token]')) ?? '').trim();
    expect(await page.textContent('[data-test=token-agent]')).toBe(`npx hallq agent --server ${s.url} --token ${token} --printer usblp:/dev/usb/lp0`);
    await shot(page, 'e2e-admin-agent-token');
    await page.click('[data-test=token-close]');
    await page.waitForSelector('[data-test=device-table] tr[data-name="9号窗口打印代理"]');
  });

  it('revokes a device after asking', async () => {
    await page.click(`[data-test=device-table] tr[data-device="${oldKiosk.id}"] [data-test=device-revoke]`);
    await page.waitForSelector('[data-test=confirm-dialog]');
    expect(await page.textContent('[data-test=confirm-dialog]')).toContain('旧取号机');
    await shot(page, 'e2e-admin-revoke-confirm');
    await page.click('[data-test=confirm-ok]');
    await page.waitForSelector(`[data-test=device-table] tr[data-device="${oldKiosk.id}"]`, { state: 'detached' });
    expect(await page.textContent('[data-test=devices-notice]')).toContain('旧取号机');
    await shot(page, 'e2e-admin-devices');
    expect((await get('/api/halls/demo/devices')).map((d: { id: string }) => d.id)).not.toContain(oldKiosk.id);
    expect((await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': oldKiosk.token })).status).toBe(401);
  });

  it("sets window 9's printer to the device agent", async () => {
    await page.click('[data-test=admin-tab-printers]');
    const row = '[data-test=admin-window-printers] tr[data-window=win_9]';
    await page.waitForSelector(row);
    expect(await page.isDisabled(`${row} [data-test=window-printer-save]`)).toBe(true);
    await page.selectOption(`${row} [data-test=printer-mode]`, 'agent');
    await page.click(`${row} [data-test=window-printer-save]`);
    await page.waitForSelector(`${row} [data-test=window-printer-saved]`);
    const w9 = (await get('/api/halls/demo/window-printers')).find((w: { windowId: string }) => w.windowId === 'win_9');
    expect(w9.printerUri).toBe('agent:');
    expect(await page.textContent(`${row} [data-test=window-agent]`)).toContain('9号窗口打印代理');
    // A bad network address is refused in the page before it reaches the server.
    const row3 = '[data-test=admin-window-printers] tr[data-window=win_3]';
    await page.selectOption(`${row3} [data-test=printer-mode]`, 'tcp');
    await page.click(`${row3} [data-test=window-printer-save]`);
    await page.waitForSelector(`${row3} .field-error`);
    await shot(page, 'e2e-admin-window-printers');
    await page.selectOption(`${row3} [data-test=printer-mode]`, 'spool');
  });

  it('adds a clerk (checking the form) and deactivates them', async () => {
    await page.click('[data-test=admin-tab-staff]');
    await page.waitForSelector('[data-test=staff-table] tr[data-username=clerk01]');
    await page.click('[data-test=staff-add]');
    await page.fill('input[name=new-username]', 'x');
    await page.fill('input[name=new-password]', 'short');
    await page.click('[data-test=staff-submit]');
    await page.waitForSelector('[data-test=staff-form] .field-error');
    expect(await page.textContent('[data-test=staff-form]')).toContain('密码至少 8 位');
    await shot(page, 'e2e-admin-staff-form');
    // A username already taken comes back from the server as such.
    await page.fill('input[name=new-username]', 'clerk01');
    await page.fill('input[name=new-name]', '测试人员');
    await page.fill('input[name=new-staff-no]', 'CK099');
    await page.fill('input[name=new-password]', 'longpassword1');
    await page.click('[data-test=staff-submit]');
    await page.waitForSelector('[data-test=staff-form-error]');
    expect(await page.textContent('[data-test=staff-form-error]')).toContain('用户名已被使用');
    await page.fill('input[name=new-username]', 'clerk99');
    await page.click('[data-test=staff-submit]');
    await page.waitForSelector('[data-test=staff-table] tr[data-username=clerk99]');
    expect(await page.textContent('[data-test=staff-table] tr[data-username=clerk99]')).toContain('在用');
    expect(await login(s.url, 'clerk99', 'longpassword1')).toBeTruthy();

    // The admin cannot deactivate themself.
    expect(await page.isDisabled('[data-test=staff-table] tr[data-username=admin] [data-test=staff-deactivate]')).toBe(true);
    await page.click('[data-test=staff-table] tr[data-username=clerk99] [data-test=staff-deactivate]');
    await page.click('[data-test=confirm-ok]');
    await page.waitForFunction(() => document.querySelector('[data-test=staff-table] tr[data-username=clerk99] [data-test=staff-state]')?.textContent === '已停用');
    await shot(page, 'e2e-admin-staff');
    const clerk = (await get('/api/halls/demo/staff')).find((x: { username: string }) => x.username === 'clerk99');
    expect(clerk.active).toBe(false);
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk99', password: 'longpassword1' })).status).toBe(401);
  });

  it('edits a header line of the receipt texts, saves, and the preview shows it', async () => {
    await page.click('[data-test=admin-tab-receipt]');
    await page.waitForSelector('[data-test=admin-receipt] [data-test=receipt]');
    await page.click('[data-test=lines-header] [data-test=line-add]');
    await page.fill('input[name=header-0]', '便民服务 一窗通办');
    await page.waitForSelector('[data-test=receipt-unsaved]');
    await page.click('[data-test=receipt-save]');
    await page.waitForSelector('[data-test=receipt-saved]');
    expect((await api(s.url, 'GET', '/api/halls/demo/print-settings')).body.header).toEqual(['便民服务 一窗通办']);
    await page.waitForFunction(() => document.querySelector('[data-test=admin-receipt] [data-test=receipt]')?.textContent?.includes('便民服务'));
    // A tall page shows the whole form and the whole receipt.
    await page.setViewportSize({ width: 1600, height: 1500 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'e2e-admin-receipt');
    await page.setViewportSize({ width: 1600, height: 1000 });
    expect(errors).toEqual([]);
  });

  it('reads in English too', async () => {
    await page.click('[data-locale=en]');
    await page.click('[data-test=admin-tab-devices]');
    await page.waitForSelector('[data-test=device-table]');
    expect(await page.textContent('[data-test=admin-panel]')).toContain('Register a device');
    await page.click('[data-test=device-add]');
    await page.click('[data-test=device-form] [data-kind=agent]');
    await shot(page, 'e2e-admin-devices-en');
    await page.click('[data-locale=zh-CN]');
    expect(errors).toEqual([]);
  });
});
