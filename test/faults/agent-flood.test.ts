import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { InputAck } from '../../protocol/agent.ts';
import { api, bearer, login, startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

describe("a device agent's events go through the socket limits (one mechanism with every other client)", () => {
  let s: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    s = await startServer({ rateLimit: 200 });
  });
  afterAll(async () => {
    for (const x of sockets) x.close();
    await s.close();
  });

  const agentSocket = async (token: string) => {
    const socket = connect(s.url, { path: '/socket.io', auth: { role: 'agent', token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await until(() => socket.connected);
    return socket;
  };

  it('a keypad pressed at a clerk\'s pace is served; a stuck key repeating hundreds of times is throttled and then cut off', async () => {
    const admin = bearer(await login(s.url, 'admin'));
    const device = (await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '1号窗口设备代理', windowId: 'win_1' }, admin)).body as { token: string };
    const calm = await agentSocket(device.token);
    for (let i = 0; i < 20; i++) {
      const ack = (await calm.emitWithAck('agent:input', { id: `calm-press-${String(i).padStart(4, '0')}`, kind: 'rate', score: 5 })) as InputAck;
      expect(ack.ok).toBe(true);
    }

    const stuck = await agentSocket(device.token);
    const errors: string[] = [];
    stuck.on('error', (e: { code: string }) => errors.push(e.code));
    let answered = 0;
    for (let i = 0; i < 400; i++) stuck.emit('agent:input', { id: `stuck-press-${String(i).padStart(4, '0')}`, kind: 'rate', score: 5 }, () => answered++);
    await until(() => !stuck.connected);
    expect(errors).toContain('RATE_LIMITED');
    expect(answered).toBeLessThanOrEqual(60);
    // The calm agent's own budget is untouched.
    expect(((await calm.emitWithAck('agent:input', { id: 'calm-press-after', kind: 'rate', score: 5 })) as InputAck).ok).toBe(true);
  });
});
