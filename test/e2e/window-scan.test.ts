import { describe, expect, it } from 'vitest';
import { startAgent } from '../../devices/agent.ts';
import { FakeHid } from '../../devices/hid/fake.ts';
import { api, bearer, login } from '../helpers/server.ts';
import { feedAll, typed } from '../helpers/hid.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

const SCANNER = '0c2e:0b61';

describe("a window's scanner on the clerk console", () => {
  const ui = uiSuite();

  it('a pickup slip scanned at 4号 opens its case on the console; a ticket number opens the ticket', async () => {
    const { s, browser } = ui;
    const admin = bearer(await login(s.url, 'admin'));
    const device = (await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '4号窗口设备代理', windowId: 'win_4' }, admin)).body as { token: string };
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, s.url, 'clerk04');
    await page.click('[data-window=win_4] [data-test=choose-window]');
    await page.waitForSelector('[data-test=window-status]');

    const clerk = bearer(await login(s.url, 'clerk04'));
    const hall = (await api(s.url, 'GET', '/api/halls/demo')).body as { windows: Array<{ id: string; categoryIds: string[] }> };
    const served = hall.windows.find((w) => w.id === 'win_4')!.categoryIds;
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string }>).find((m) => served.includes(m.categoryId))!;
    const accepted = (await api(s.url, 'POST', '/api/windows/win_4/cases', { matterId: matter.id, applicantName: '李明' }, clerk)).body as { caseNo: string; pickupCode: string };
    const ticket = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: served[0] })).body as { number: string };

    const stop = new AbortController();
    const hid = new FakeHid();
    hid.plug(SCANNER, 1);
    const agent = await startAgent({ server: s.url, token: device.token, hid, signal: stop.signal, rescanMs: 50, devices: [{ vidPid: SCANNER, role: 'scanner' }], log: () => {} });
    try {
      await new Promise<void>((r) => (agent.socket.connected ? r() : agent.socket.once('connect', () => r())));
      await agent.watcher!.scan();
      feedAll(hid, SCANNER, 1, typed(accepted.pickupCode));
      await page.waitForSelector('[data-test=scanned-case]');
      expect(await page.textContent('[data-test=scanned-case]')).toBe(accepted.caseNo);
      expect(await page.textContent('[data-test=scanned]')).toContain('已受理');
      await shot(page, 'e2e-window-scan-case-1366');
      await page.click('[data-test=scanned] button');
      await page.waitForSelector('[data-test=scanned]', { state: 'detached' });

      feedAll(hid, SCANNER, 1, typed(ticket.number));
      await page.waitForSelector('[data-test=scanned-ticket]');
      expect(await page.textContent('[data-test=scanned-ticket]')).toBe(ticket.number);
      expect(errors).toEqual([]);
    } finally {
      stop.abort();
      await agent.stop();
    }
  });
});
