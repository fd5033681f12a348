import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAgent, type AgentHandle } from '../../../devices/agent.ts';
import { FakeHid } from '../../../devices/hid/fake.ts';
import { connectRecorder, type Recorder } from '../../helpers/queue.ts';
import { describePostgresOnly } from '../../helpers/pg.ts';
import { api, bearer, login, ManualClock, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { copiesOf, FakePrinter } from '../../helpers/fake-printer.ts';
import { feedAll, typed } from '../../helpers/hid.ts';
import { until } from '../../helpers/wait.ts';

const SCANNER = '0c2e:0b61';

describePostgresOnly('several instances share one database only on PostgreSQL', 'device agents across two instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-20T10:05:00+08:00'));
  const stop = new AbortController();
  const agents: AgentHandle[] = [];
  const recorders: Recorder[] = [];
  const printer = new FakePrinter();

  beforeAll(async () => {
    const dataDir = tempDataDir();
    a = await startServer({ dataDir, clock, agentSilentMs: 1500 });
    b = await startServer({ dataDir, clock, agentSilentMs: 1500 });
  });
  afterAll(async () => {
    stop.abort();
    for (const x of agents) await x.stop();
    for (const r of recorders) r.close();
    await a?.close();
    await b?.close();
    await printer.close();
  });
  const record = async (url: string, auth: Record<string, unknown>) => {
    const r = await connectRecorder(url, auth);
    recorders.push(r);
    return r;
  };

  it("an agent on instance A: B's managers see it, B's print jobs and B's console reach it, its silence is one alert for the cluster", async () => {
    const admin = bearer(await login(a.url, 'admin'));
    const uri = `tcp://127.0.0.1:${await printer.listen()}`;
    const kiosk = (await api(a.url, 'POST', '/api/devices', { kind: 'kiosk', name: '西门取号机', printerUri: 'agent:' }, admin)).body as { id: string; token: string };
    const manager = await login(b.url, 'manager');
    const onB = await record(b.url, { hallId: 'demo', role: 'manager', token: manager });
    const onA = await record(a.url, { hallId: 'demo', role: 'manager', token: manager });

    // No heartbeat to speak of and no poll: only the relay of B's commit can wake A's push.
    const agent = await startAgent({ server: a.url, token: kiosk.token, printer: uri, signal: stop.signal, statusTimeoutMs: 300, heartbeatMs: 60_000, fallbackAfterMs: 60_000, log: () => {} });
    agents.push(agent);
    await onB.waitFor((e) => e.event === 'agent' && e.msg.deviceId === kiosk.id && e.msg.connected);
    const late = await record(b.url, { hallId: 'demo', role: 'manager', token: manager });
    const list = await late.waitFor((e) => e.event === 'agents');
    expect(list.msg).toContainEqual(expect.objectContaining({ deviceId: kiosk.id, connected: true, silent: false }));

    const t = (await api(b.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': kiosk.token })).body as { id: string; number: string };
    await until(() => copiesOf(printer.received, t.number).length === 1);
    await until(async () => (await b.app.db.selectFrom('print_jobs').select('status').where('ticket_id', '=', t.id).executeTakeFirst())?.status === 'done');

    // A window agent on A, its clerk's console on B.
    const win = (await api(a.url, 'POST', '/api/devices', { kind: 'agent', name: '5号窗口设备代理', windowId: 'win_5' }, admin)).body as { token: string };
    const clerk = await login(b.url, 'clerk05');
    await api(b.url, 'POST', '/api/windows/win_5/open', undefined, bearer(clerk));
    const waiting = (await api(b.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body as { id: string; number: string };
    const desk = await record(b.url, { hallId: 'demo', role: 'window', windowId: 'win_5', token: clerk });
    const hid = new FakeHid();
    hid.plug(SCANNER, 1);
    const scanner = await startAgent({ server: a.url, token: win.token, hid, signal: stop.signal, rescanMs: 50, devices: [{ vidPid: SCANNER, role: 'scanner' }], log: () => {} });
    agents.push(scanner);
    await until(() => scanner.socket.connected && hid.isOpen(SCANNER));
    feedAll(hid, SCANNER, 1, typed(waiting.number));
    expect((await desk.waitFor((e) => e.event === 'scan')).msg).toMatchObject({ windowId: 'win_5', ticketId: waiting.id });

    // The kiosk's agent goes; after the silence both instances' managers hear one alert.
    await agent.stop();
    await onB.waitFor((e) => e.event === 'agent' && e.msg.deviceId === kiosk.id && !e.msg.connected);
    clock.advance(2000);
    await onA.waitFor((e) => e.event === 'alert' && e.msg.deviceId === kiosk.id);
    await onB.waitFor((e) => e.event === 'alert' && e.msg.deviceId === kiosk.id);
    // Back (on B this time): heard again, not silent; by then any second alert would have come.
    const back = await startAgent({ server: b.url, token: kiosk.token, printer: uri, signal: stop.signal, heartbeatMs: 60_000, fallbackAfterMs: 60_000, log: () => {} });
    agents.push(back);
    await onA.waitFor((e) => e.event === 'agent' && e.msg.deviceId === kiosk.id && e.msg.connected && !e.msg.silent);
    for (const r of [onA, onB]) expect(r.events.filter((e) => e.event === 'alert' && e.msg.deviceId === kiosk.id)).toHaveLength(1);
  });
});
