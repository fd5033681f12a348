import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { api, bearer, login, startServer, type TestServer } from '../helpers/server.ts';

describe('issue -> call -> display', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => s.close());

  it('a display socket receives the call of a ticket issued at the kiosk', async () => {
    const display: Socket = connect(s.url, { path: '/socket.io', auth: { hallId: 'demo', role: 'display' }, transports: ['websocket'] });
    const snapshot = await new Promise<any>((resolve, reject) => {
      display.once('snapshot', resolve);
      display.once('connect_error', reject);
    });
    expect(snapshot.hall.id).toBe('demo');

    const token = await login(s.url, 'clerk01');
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(token))).status).toBe(200);
    const issued = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe('A001');

    const call = new Promise<any>((resolve) => display.on('call', resolve));
    const called = await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token));
    expect(called.status).toBe(200);
    const msg = await call;
    expect(msg).toMatchObject({ number: 'A001', windowNo: 1, recall: false });
    expect(msg.ticketId).toBeUndefined(); // an anonymous display names tickets by number
    expect(msg.seq).toBeGreaterThan(snapshot.seq);
    display.close();
  });
});
