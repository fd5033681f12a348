import fs from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentHandle } from '../../../devices/agent.ts';
import { FakeHid } from '../../../devices/hid/fake.ts';
import { readRecording } from '../../../devices/hid/recording.ts';
import type { InputAck } from '../../../protocol/agent.ts';
import { connectRecorder } from '../../helpers/queue.ts';
import { api, bearer, login, ManualClock, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { feedAll, press, typed } from '../../helpers/hid.ts';
import { until } from '../../helpers/wait.ts';

const at = (hhmm: string) => `2026-11-20T${hhmm}:00+08:00`;
const fixture = (name: string) => readRecording(path.join(import.meta.dirname, '../../fixtures/hid', name));
const KEYPAD = '05e0:1200';
const EVALUATOR = '1a86:e025';
const SCANNER = '0c2e:0b61';

describe('device agent with HID devices (fake layer, recorded reports) against a real server', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  const clock = new ManualClock(Date.parse(at('10:05')));
  const agents: AgentHandle[] = [];
  const stop = new AbortController();
  const logs: string[] = [];
  const sockets: Array<{ close(): void }> = [];

  const run = async (token: string, hid: FakeHid, extra: Partial<Parameters<typeof startAgent>[0]> = {}) => {
    const a = await startAgent({ server: s.url, token, hid, signal: stop.signal, rescanMs: 50, heartbeatMs: 200, log: (m) => logs.push(m), ...extra });
    agents.push(a);
    await until(() => a.socket.connected);
    return a;
  };
  const device = async (body: Record<string, unknown>) => (await api(s.url, 'POST', '/api/devices', body, admin)).body as { id: string; token: string };

  beforeAll(async () => {
    s = await startServer({ clock, agentSilentMs: 2000 });
    admin = bearer(await login(s.url, 'admin'));
  });
  afterAll(async () => {
    stop.abort();
    for (const a of agents) await a.stop();
    for (const c of sockets) c.close();
    await s.close();
  });

  it("a keyboard-mode scan at a kiosk checks in the appointment (the kiosk's boot keyboard is its scanner)", async () => {
    const booking = (await api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_B', date: '2026-11-20', slotStart: '10:30' })).body;
    const kiosk = await device({ kind: 'kiosk', name: '5号取号机' });
    const hid = new FakeHid();
    hid.plug(SCANNER, 1);
    const a = await run(kiosk.token, hid);
    await until(() => hid.isOpen(SCANNER));
    feedAll(hid, SCANNER, 1, typed(booking.code));
    await until(() => a.answers.length === 1);
    expect(a.answers[0].ack).toMatchObject({ ok: true, result: { acted: true, number: expect.stringMatching(/^B\d{3}$/) } });
    expect((await api(s.url, 'GET', `/api/halls/demo/appointments/${booking.code}`)).body).toMatchObject({ status: 'checked_in', ticketId: (a.answers[0].ack as { result: { ticketId: string } }).result.ticketId });
  });

  it('keypad: refused while no clerk has the window open; next/recall/complete act as the console, the display hears the call, the evaluator rates once', async () => {
    const agent = await device({ kind: 'agent', name: '3号窗口设备代理', windowId: 'win_3' });
    const hid = new FakeHid([...fixture('keypad-window.jsonl'), ...fixture('evaluator.jsonl')]);
    const a = await run(agent.token, hid, { devices: [{ vidPid: KEYPAD, role: 'keypad' }, { vidPid: EVALUATOR, role: 'rating' }] });
    await until(() => hid.isOpen(KEYPAD) && hid.isOpen(EVALUATOR));

    feedAll(hid, KEYPAD, 1, press(0x59));
    await until(() => a.answers.length === 1);
    expect(a.answers[0].ack).toMatchObject({ ok: false, error: { code: 'NO_CLERK_AT_WINDOW' } });

    const ticket = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' })).body;
    const clerk = bearer(await login(s.url, 'clerk03'));
    expect((await api(s.url, 'POST', '/api/windows/win_3/open', undefined, clerk)).status).toBe(200);
    const display = await connectRecorder(s.url, { hallId: 'demo', role: 'display' });
    sockets.push(display);
    await until(() => a.displays.some((d) => d.waiting === 1));

    // The recording: next, recall, complete on the keypad, then the evaluator's 2nd key.
    await hid.replay({ speed: 4 });
    await until(() => a.answers.length >= 5);
    expect(a.answers.slice(1, 4).map((x) => [x.input, x.ack.ok])).toEqual([
      [expect.objectContaining({ kind: 'key', action: 'next' }), true],
      [expect.objectContaining({ kind: 'key', action: 'recall' }), true],
      [expect.objectContaining({ kind: 'key', action: 'complete' }), true],
    ]);
    // The evaluator's key: a 4, of the ticket just completed.
    expect(a.answers).toHaveLength(5);
    const calls = display.events.filter((e) => e.event === 'call' && e.msg.number === ticket.number);
    expect(calls.map((c) => c.msg.recall)).toEqual([false, true]);
    expect((await api(s.url, 'GET', `/api/tickets/${ticket.id}`, undefined, clerk)).body.status).toBe('done');
    expect(a.answers[4].ack).toMatchObject({ ok: true, result: { acted: true, number: ticket.number } });
    const manager = bearer(await login(s.url, 'manager'));
    const ratings = (await api(s.url, 'GET', '/api/halls/demo/ratings', undefined, manager)).body as Array<{ ticketNumber: string; score: number }>;
    expect(ratings.filter((r) => r.ticketNumber === ticket.number).map((r) => r.score)).toEqual([4]);
    // A second rating key: nothing left to rate, nothing done.
    feedAll(hid, EVALUATOR, 1, press(0x59));
    await until(() => a.answers.length === 6);
    expect(a.answers[5].ack).toEqual({ ok: true, result: { acted: false } });
    // The keypad's display was written the called number.
    expect(hid.written.some((w) => w.vidPid === KEYPAD && w.report.toString('ascii').includes(ticket.number))).toBe(true);
    display.close();

    // Unplugged mid-session and plugged back: opened again without a restart, and it works.
    hid.unplug(KEYPAD);
    await until(() => !hid.isOpen(KEYPAD));
    hid.plug(KEYPAD, 1);
    await until(() => hid.isOpen(KEYPAD));
    expect(hid.opens.get(KEYPAD)).toBe(2);
    const t2 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' })).body;
    feedAll(hid, KEYPAD, 1, press(0x59));
    await until(() => a.answers.length === 7);
    expect(a.answers[6].ack).toMatchObject({ ok: true, result: { number: t2.number } });
  });

  it('a press is acted on once: across a dropped connection, a lost answer, and an agent killed and restarted', async () => {
    const agent = await device({ kind: 'agent', name: '4号窗口设备代理', windowId: 'win_4' });
    const clerk = bearer(await login(s.url, 'clerk04'));
    expect((await api(s.url, 'POST', '/api/windows/win_4/open', undefined, clerk)).status).toBe(200);
    // 4号 is the 不动产登记 window (category B).
    for (let i = 0; i < 4; i++) await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' });

    // A lost answer: the same press delivered twice (as after a reconnect) is acted on once.
    const raw = connect(s.url, { path: '/socket.io', auth: { role: 'agent', token: agent.token }, transports: ['websocket'], forceNew: true });
    sockets.push(raw);
    await until(() => raw.connected);
    const input = { id: 'press-0001-lost-ack', kind: 'key', action: 'next' };
    const first = (await raw.emitWithAck('agent:input', input)) as InputAck;
    const again = (await raw.emitWithAck('agent:input', input)) as InputAck;
    expect(first).toMatchObject({ ok: true, result: { acted: true } });
    expect(again).toMatchObject({ ok: true, result: { acted: true, repeated: true, number: (first as { result: { number: string } }).result.number } });
    const win = async () => (await api(s.url, 'GET', '/api/windows/win_4', undefined, clerk)).body as { currentNumber: string };
    expect((await win()).currentNumber).toBe((first as { result: { number: string } }).result.number);

    // Pressed while the connection is down: sent once it is back.
    const state = path.join(tempDataDir('hallq-agent-'), 'pending.json');
    const hid = new FakeHid();
    hid.plug(KEYPAD, 1);
    const a = await run(agent.token, hid, { devices: [{ vidPid: KEYPAD, role: 'keypad' }], stateFile: state });
    await until(() => hid.isOpen(KEYPAD));
    a.socket.disconnect();
    feedAll(hid, KEYPAD, 1, press(0x59));
    expect(a.outbox.size()).toBe(1);
    a.socket.connect();
    await until(() => a.answers.length === 1);
    const second = (a.answers[0].ack as { result: { number: string } }).result.number;
    expect((await win()).currentNumber).toBe(second);

    // Killed after the server acted but before the answer came back: the restarted agent sends the
    // kept press again, and the server does not act twice.
    a.socket.disconnect();
    feedAll(hid, KEYPAD, 1, press(0x59));
    await a.stop();
    const kept = JSON.parse(fs.readFileSync(state, 'utf8')) as Array<{ id: string }>;
    expect(kept).toHaveLength(1);
    const acted = (await raw.emitWithAck('agent:input', kept[0])) as InputAck;
    expect(acted).toMatchObject({ ok: true, result: { acted: true } });
    const third = (acted as { result: { number: string } }).result.number;
    const b = await run(agent.token, new FakeHid(), { devices: [{ vidPid: KEYPAD, role: 'keypad' }], stateFile: state });
    await until(() => b.answers.length === 1);
    expect(b.answers[0].ack).toMatchObject({ ok: true, result: { repeated: true, number: third } });
    expect((await win()).currentNumber).toBe(third);
    // Three presses acted on, three different tickets called, none twice.
    const numbers = [(first as { result: { number: string } }).result.number, second, third];
    expect(new Set(numbers).size).toBe(3);
    expect(numbers.every((n) => /^B\d{3}$/.test(n))).toBe(true);
    expect(JSON.parse(fs.readFileSync(state, 'utf8'))).toEqual([]);
    raw.close();
  });

  it('managers see each agent live; one that goes silent raises an alert', async () => {
    const manager = await login(s.url, 'manager');
    const rec = await connectRecorder(s.url, { hallId: 'demo', role: 'manager', token: manager });
    sockets.push(rec);
    const agent = await device({ kind: 'agent', name: '6号窗口设备代理', windowId: 'win_6' });
    const hid = new FakeHid();
    hid.plug(KEYPAD, 1);
    const a = await run(agent.token, hid, { devices: [{ vidPid: KEYPAD, role: 'keypad' }] });
    await rec.waitFor((e) => e.event === 'agent' && e.msg.deviceId === agent.id && e.msg.connected && e.msg.devices.some((d: { open: boolean }) => d.open));
    await a.stop();
    await rec.waitFor((e) => e.event === 'agent' && e.msg.deviceId === agent.id && !e.msg.connected);
    expect(rec.events.some((e) => e.event === 'alert' && e.msg.deviceId === agent.id)).toBe(false);
    clock.advance(2500);
    const alert = await rec.waitFor((e) => e.event === 'alert' && e.msg.deviceId === agent.id);
    expect(alert.msg).toMatchObject({ code: 'AGENT_SILENT', name: '6号窗口设备代理' });
    rec.close();
  });
});
