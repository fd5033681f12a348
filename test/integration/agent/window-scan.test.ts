import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentHandle } from '../../../devices/agent.ts';
import { FakeHid } from '../../../devices/hid/fake.ts';
import { connectRecorder } from '../../helpers/queue.ts';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { feedAll, typed } from '../../helpers/hid.ts';
import { until } from '../../helpers/wait.ts';

const SCANNER = '0c2e:0b61';

describe("a scan at a window opens the case or the ticket it names on that window's clerk console", () => {
  let s: TestServer;
  const stop = new AbortController();
  const agents: AgentHandle[] = [];
  const sockets: Array<{ close(): void }> = [];

  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    stop.abort();
    for (const a of agents) await a.stop();
    for (const c of sockets) c.close();
    await s.close();
  });

  it('a slip scanned at 2号 opens its case on 2号 console (not on 1号), a ticket number opens the ticket; an unknown code is refused', async () => {
    const admin = bearer(await login(s.url, 'admin'));
    const device = (await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '2号窗口设备代理', windowId: 'win_2' }, admin)).body;
    const clerk2 = await login(s.url, 'clerk02');
    const clerk1 = await login(s.url, 'clerk01');
    await api(s.url, 'POST', '/api/windows/win_2/open', undefined, bearer(clerk2));
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>).find((m) => m.name === '灵活就业人员参保登记')!;
    const accepted = (await api(s.url, 'POST', '/api/windows/win_2/cases', { matterId: matter.id, applicantName: '王芳' }, bearer(clerk2))).body as { caseNo: string; pickupCode: string };
    const ticket = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body as { id: string; number: string };

    const console2 = await connectRecorder(s.url, { hallId: 'demo', role: 'window', windowId: 'win_2', token: clerk2 });
    const console1 = await connectRecorder(s.url, { hallId: 'demo', role: 'window', windowId: 'win_1', token: clerk1 });
    sockets.push(console2, console1);

    const hid = new FakeHid();
    hid.plug(SCANNER, 1);
    const a = await startAgent({ server: s.url, token: device.token, hid, signal: stop.signal, rescanMs: 50, devices: [{ vidPid: SCANNER, role: 'scanner' }], log: () => {} });
    agents.push(a);
    await until(() => a.socket.connected && hid.isOpen(SCANNER));

    feedAll(hid, SCANNER, 1, typed(accepted.pickupCode));
    const opened = await console2.waitFor((e) => e.event === 'scan');
    expect(opened.msg).toEqual({ windowId: 'win_2', code: accepted.pickupCode, caseNo: accepted.caseNo });

    feedAll(hid, SCANNER, 1, typed(ticket.number));
    const second = await console2.waitFor((e) => e.event === 'scan' && e.msg.ticketId !== undefined);
    expect(second.msg).toEqual({ windowId: 'win_2', code: ticket.number, ticketId: ticket.id, number: ticket.number });

    feedAll(hid, SCANNER, 1, typed('NOSUCHCODE1'));
    await until(() => a.answers.length === 3);
    expect(a.answers[2].ack).toMatchObject({ ok: false, error: { code: 'SCAN_NOT_RECOGNISED' } });
    expect(console2.events.filter((e) => e.event === 'scan')).toHaveLength(2);
    // Another window's console hears none of it.
    expect(console1.events.some((e) => e.event === 'scan')).toBe(false);
  });
});
