import { describe, expect, it } from 'vitest';
import { startAgent, type AgentHandle } from '../../devices/agent.ts';
import { FakeHid } from '../../devices/hid/fake.ts';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

describe('device agents on the manager dashboard', () => {
  const ui = uiSuite({ agentSilentMs: 1500 });

  it('shows each agent live with its peripherals; one that goes silent is an alert until it speaks again', async () => {
    const { s, browser } = ui;
    const admin = bearer(await login(s.url, 'admin'));
    const device = async (body: Record<string, unknown>) => (await api(s.url, 'POST', '/api/devices', body, admin)).body as { id: string; token: string };
    const win2 = await device({ kind: 'agent', name: '2号窗口设备代理', windowId: 'win_2' });
    const kiosk = await device({ kind: 'kiosk', name: '东门取号机' });
    const stop = new AbortController();
    const hid = new FakeHid();
    hid.plug('05e0:1200', 1);
    hid.plug('1a86:e025', 1);
    const opts = { server: s.url, signal: stop.signal, rescanMs: 100, heartbeatMs: 300, log: () => {} };
    const agents: AgentHandle[] = [
      await startAgent({ ...opts, token: win2.token, hid, devices: [{ vidPid: '05e0:1200', role: 'keypad' }, { vidPid: '1a86:e025', role: 'rating' }] }),
    ];
    let gone = await startAgent({ ...opts, token: kiosk.token, hid: new FakeHid() });

    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, s.url, 'manager');
    await page.waitForSelector(`[data-test=agent-table] tr[data-agent="${win2.id}"] .link.on`);
    await page.waitForSelector(`[data-test=agent-table] tr[data-agent="${kiosk.id}"] .link.on`);
    expect(await page.textContent(`tr[data-agent="${win2.id}"]`)).toMatch(/呼叫器 正常.*评价器 正常/);

    await gone.stop();
    await page.waitForSelector(`tr[data-agent="${kiosk.id}"] .link.off`);
    await page.waitForSelector('[data-test=agent-alert]', { timeout: 5000 });
    expect(await page.textContent('[data-test=agent-alert]')).toContain('东门取号机');
    await page.waitForSelector(`tr[data-agent="${kiosk.id}"] .link.silent`);
    // The connected agent keeps its heartbeat: not silent.
    expect(await page.$(`tr[data-agent="${win2.id}"] .link.silent`)).toBeNull();
    await page.evaluate(() => document.querySelector('[data-test=agents-panel]')?.scrollIntoView());
    await shot(page, 'e2e-manager-agents-1366');

    // Back: the alert goes away by itself.
    gone = await startAgent({ ...opts, token: kiosk.token, hid: new FakeHid() });
    agents.push(gone);
    await page.waitForSelector('[data-test=agent-alert]', { state: 'detached' });
    expect(errors).toEqual([]);
    stop.abort();
    for (const a of agents) await a.stop();
  });
});
