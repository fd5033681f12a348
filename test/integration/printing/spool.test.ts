import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { decode } from '../../../printers/decoder.ts';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { FakePrinter, HEALTHY, PAPER_OUT } from '../../helpers/fake-printer.ts';
import { cuts, printed, texts, until } from '../../helpers/wait.ts';


describe('print spool: a kiosk ticket reaches the printer once, even across paper out', () => {
  let s: TestServer;
  let printer: FakePrinter;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    s = await startServer({ spool: { baseBackoffMs: 40, maxBackoffMs: 120, statusTimeoutMs: 300 } });
    printer = new FakePrinter();
    admin = await login(s.url, 'admin');
    manager = await login(s.url, 'manager');
  });
  afterAll(async () => {
    await s.close();
    await printer.close();
  });

  const kiosk = async (body: Record<string, unknown>) => {
    const r = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '测试取号机', ...body }, bearer(admin));
    expect(r.status).toBe(201);
    return r.body as { id: string; token: string };
  };
  const jobs = async (ticketId: string) => (await api(s.url, 'GET', `/api/halls/demo/print-jobs?ticketId=${ticketId}`, undefined, bearer(manager))).body as Array<{ status: string; attempts: number; lastError: string | null }>;

  it('waits while the printer is out of paper, then prints exactly once; the kiosk hears the printer state', async () => {
    const port = await printer.listen();
    const device = await kiosk({ printerUri: `tcp://127.0.0.1:${port}` });
    const socket: Socket = connect(s.url, { path: '/socket.io', auth: { hallId: 'demo', role: 'kiosk' }, transports: ['websocket'] });
    const states: string[] = [];
    socket.on('printer', (m: { deviceId: string; state: string }) => m.deviceId === device.id && states.push(m.state));
    await new Promise((r) => socket.once('snapshot', r));

    printer.status = PAPER_OUT;
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' }, { 'x-device-token': device.token });
    expect(t.status).toBe(201);
    expect(t.body.printJobId).toBeTruthy();

    await until(() => states.includes('paper_out'));
    const me = await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': device.token });
    expect(me.body).toMatchObject({ id: device.id, kind: 'kiosk', printer: { uri: `tcp://127.0.0.1:${port}`, state: 'paper_out' } });
    expect((await api(s.url, 'GET', '/api/devices/me')).status).toBe(401);
    await until(async () => (await jobs(t.body.id))[0].lastError === 'printer paper_out');
    // Only status queries went to the printer, nothing of the ticket.
    expect(printed(printer.received)).toEqual([]);
    expect((await api(s.url, 'GET', `/api/tickets/${t.body.id}`, undefined, { 'x-device-token': device.token })).body.status).toBe('waiting');

    printer.status = HEALTHY;
    await until(async () => (await jobs(t.body.id))[0].status === 'done');
    await until(() => states.includes('ok'));
    await new Promise((r) => setTimeout(r, 400)); // several backoff periods: nothing more may arrive
    const items = printed(printer.received);
    expect(cuts(items)).toBe(1);
    expect(items.at(-1)?.type).toBe('cut');
    expect(texts(items)).toContain('B001');
    expect(texts(items)).toContain('不动产登记');
    const qr = items.find((i) => i.type === 'qr');
    // The address the kiosk reached the server at; the ticket's secret in the fragment (never sent to the server).
    expect(qr && qr.type === 'qr' && qr.data).toBe(`${s.url}/t/${t.body.id}#key=${t.body.key}`);

    // 补打 from the kiosk: a second job, a second copy.
    const again = await api(s.url, 'POST', `/api/tickets/${t.body.id}/reprint`, undefined, { 'x-device-token': device.token });
    expect(again.status).toBe(201);
    await until(() => cuts(printed(printer.received)) === 2);
    expect((await jobs(t.body.id)).map((j) => j.status)).toEqual(['done', 'done']);
    socket.close();
  });

  it('a ticket not printed within its time is dropped, not printed to an empty kiosk later', async () => {
    const device = await kiosk({ printerUri: 'tcp://127.0.0.1:1' });
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': device.token });
    await until(async () => (await jobs(t.body.id))[0].attempts >= 1);
    await s.app.db.updateTable('print_jobs').set({ created_at: Date.now() - 11 * 60_000, next_attempt_at: 0 }).where('ticket_id', '=', t.body.id).execute();
    await s.app.spool.processDue();
    const [job] = await jobs(t.body.id);
    expect(job.status).toBe('failed');
    expect(job.lastError).toMatch(/^EXPIRED/);
    expect((await api(s.url, 'GET', `/api/tickets/${t.body.id}`, undefined, { 'x-device-token': device.token })).body.status).toBe('waiting');
  });

  it("a ticket waiting out of paper past its time is dropped by its printer's lane, not printed later", async () => {
    const out = new FakePrinter();
    out.status = PAPER_OUT;
    const device = await kiosk({ printerUri: `tcp://127.0.0.1:${await out.listen()}` });
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': device.token });
    await until(async () => (await jobs(t.body.id))[0].lastError === 'printer paper_out');
    await s.app.db.updateTable('print_jobs').set({ created_at: Date.now() - 11 * 60_000 }).where('ticket_id', '=', t.body.id).execute();
    await until(async () => (await jobs(t.body.id))[0].status === 'failed');
    expect((await jobs(t.body.id))[0].lastError).toMatch(/^EXPIRED/);
    expect(printed(out.received)).toEqual([]);
    await out.close();
  });

  it('an unreachable printer never loses the ticket: the job waits with its error', async () => {
    const device = await kiosk({ printerUri: 'tcp://127.0.0.1:1' });
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' }, { 'x-device-token': device.token });
    expect(t.status).toBe(201);
    await until(async () => (await jobs(t.body.id))[0].attempts >= 1);
    const [job] = await jobs(t.body.id);
    expect(job.status).toBe('pending');
    expect(job.lastError).toBeTruthy();
    expect((await api(s.url, 'GET', `/api/tickets/${t.body.id}`, undefined, { 'x-device-token': device.token })).body.number).toBe('C001');
  });

  it('a kiosk with no printer configured prints into the spool folder; a phone ticket prints nowhere', async () => {
    const device = await kiosk({ paperWidth: 58 });
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' }, { 'x-device-token': device.token });
    await until(async () => (await jobs(t.body.id))[0]?.status === 'done');
    const file = path.join(s.dataDir, 'spool', `kiosk-${device.id}.bin`);
    const items = decode(new Uint8Array(fs.readFileSync(file)));
    expect(texts(items)).toContain('D001');
    expect(Math.max(...items.flatMap((i) => (i.type === 'text' ? [i.columns] : [0])))).toBeLessThanOrEqual(32);

    const phone = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' });
    expect(phone.status).toBe(201);
    expect(phone.body.printJobId).toBeUndefined();
    expect(await jobs(phone.body.id)).toEqual([]);
    // The receipt preview renders for the ticket's holder (its key), not for anyone holding the id.
    expect((await fetch(`${s.url}/api/tickets/${phone.body.id}/receipt?width=58`)).status).toBe(401);
    const preview = await fetch(`${s.url}/api/tickets/${phone.body.id}/receipt?width=58`, { headers: { 'x-ticket-key': phone.body.key } });
    expect(preview.headers.get('content-type')).toBe('application/octet-stream');
    expect(texts(decode(new Uint8Array(await preview.arrayBuffer())))).toContain('D002');
  });

  it('a clerk reprints at the window printer; a phone cannot reprint; a bad printer URI is refused', async () => {
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_E' });
    expect((await api(s.url, 'POST', `/api/tickets/${t.body.id}/reprint`)).body.error.code).toBe('PRINTER_REQUIRED');
    const clerk = await login(s.url, 'clerk05');
    expect((await api(s.url, 'POST', `/api/tickets/${t.body.id}/reprint`, undefined, bearer(clerk))).body.error.code).toBe('NO_PRINTER');
    expect((await api(s.url, 'POST', '/api/windows/win_5/open', undefined, bearer(clerk))).status).toBe(200);
    const again = await api(s.url, 'POST', `/api/tickets/${t.body.id}/reprint`, undefined, bearer(clerk));
    expect(again.status).toBe(201);
    await until(async () => (await jobs(t.body.id))[0]?.status === 'done');
    const items = decode(new Uint8Array(fs.readFileSync(path.join(s.dataDir, 'spool', 'window-5.bin'))));
    expect(texts(items)).toContain('E001');

    const bad = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: 'x', printerUri: 'lpt1' }, bearer(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_PRINTER_URI');
  });

  it('an admin sets the receipt texts of the hall; the next receipt carries them', async () => {
    const body = { header: ['为民服务 一次办好'], footer: ['监督电话 12345'], logoText: '政务服务', notices: ['请保管好号票'], rules: ['过号请到服务台登记'] };
    const manager = bearer(await login(s.url, 'manager'));
    expect((await api(s.url, 'PUT', '/api/halls/demo/print-settings', body, manager)).status).toBe(403);
    const set = await api(s.url, 'PUT', '/api/halls/demo/print-settings', body, bearer(admin));
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ hallName: '清河县政务服务中心', ...body });
    expect((await api(s.url, 'GET', '/api/halls/demo/print-settings')).body).toEqual(set.body);
    expect((await api(s.url, 'PUT', '/api/halls/demo/print-settings', { header: ['x'.repeat(61)] }, bearer(admin))).status).toBe(400);

    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    const bytes = new Uint8Array(await (await fetch(`${s.url}/api/tickets/${t.body.id}/receipt`, { headers: { 'x-ticket-key': t.body.key } })).arrayBuffer());
    const text = texts(decode(bytes));
    for (const want of ['为民服务 一次办好', '监督电话 12345', '政务服务', '请保管好号票', '过号请到服务台登记']) expect(text).toContain(want);
  });
});
