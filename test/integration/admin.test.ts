import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../helpers/server.ts';

describe('hall administration', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    admin = bearer(await login(s.url, 'admin'));
  });
  afterAll(() => s.close());

  it('lists, registers and revokes devices; a revoked token stops working', async () => {
    const kiosk = (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '2号取号机', printerUri: 'agent:' }, admin)).body;
    const list = (await api(s.url, 'GET', '/api/halls/demo/devices', undefined, admin)).body as Array<{ id: string; name: string; printerUri: string | null }>;
    expect(list.map((d) => d.name)).toEqual(['1号自助取号机', '2号取号机']);
    expect(list[1]).toMatchObject({ id: kiosk.id, printerUri: 'agent:', printerState: null });
    expect((await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.token })).status).toBe(200);
    expect((await api(s.url, 'DELETE', `/api/devices/${kiosk.id}`, undefined, admin)).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.token })).body.error.code).toBe('INVALID_DEVICE_TOKEN');
    expect((await api(s.url, 'DELETE', `/api/devices/${kiosk.id}`, undefined, admin)).status).toBe(404);
  });

  it('shows and sets window printers', async () => {
    await api(s.url, 'POST', '/api/windows/win_9/printer', { printerUri: 'tcp://127.0.0.1:9100', paperWidth: 58 }, admin);
    const rows = (await api(s.url, 'GET', '/api/halls/demo/window-printers', undefined, admin)).body;
    expect(rows).toHaveLength(10);
    expect(rows.find((w: { no: number }) => w.no === 9)).toMatchObject({ windowId: 'win_9', printerUri: 'tcp://127.0.0.1:9100', paperWidth: 58 });
    expect(rows.find((w: { no: number }) => w.no === 1)).toMatchObject({ printerUri: null, paperWidth: 80 });
  });

  it('adds staff, deactivates them (their sessions end), refuses duplicates and self-deactivation', async () => {
    const added = await api(s.url, 'POST', '/api/halls/demo/staff', { username: 'clerk07', name: '孙悦', staffNo: 'CK107', role: 'clerk', password: 'password-07' }, admin);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: 'clerk07', role: 'clerk', active: true });
    const token = await login(s.url, 'clerk07', 'password-07');
    expect((await api(s.url, 'POST', '/api/windows/win_7/open', undefined, bearer(token))).status).toBe(200);

    const off = await api(s.url, 'POST', `/api/staff/${added.body.id}/active`, { active: false }, admin);
    expect(off.body.active).toBe(false);
    expect((await api(s.url, 'POST', '/api/windows/win_7/call-next', undefined, bearer(token))).status).toBe(401);
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'clerk07', password: 'password-07' })).status).toBe(401);

    const dup = await api(s.url, 'POST', '/api/halls/demo/staff', { username: 'clerk07', name: 'x', staffNo: 'x', role: 'clerk', password: 'password-07' }, admin);
    expect([dup.status, dup.body.error.code]).toEqual([409, 'USERNAME_TAKEN']);
    expect((await api(s.url, 'POST', '/api/halls/demo/staff', { username: 'a b', name: 'x', staffNo: 'x', role: 'clerk', password: 'password-07' }, admin)).status).toBe(400);
    expect((await api(s.url, 'POST', '/api/halls/demo/staff', { username: 'ok_name', name: 'x', staffNo: 'x', role: 'root', password: 'password-07' }, admin)).status).toBe(400);
    const adminId = (await api(s.url, 'GET', '/api/halls/demo/staff', undefined, admin)).body.find((u: { username: string }) => u.username === 'admin').id;
    expect((await api(s.url, 'POST', `/api/staff/${adminId}/active`, { active: false }, admin)).body.error.code).toBe('CANNOT_DEACTIVATE_SELF');

    const manager = bearer(await login(s.url, 'manager'));
    expect((await api(s.url, 'GET', '/api/halls/demo/staff', undefined, manager)).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/halls/demo/devices', undefined, manager)).status).toBe(403);
  });
});
