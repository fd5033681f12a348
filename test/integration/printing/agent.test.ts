import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../../../devices/agent.ts';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { FakePrinter, HEALTHY, PAPER_OUT } from '../../helpers/fake-printer.ts';
import { cuts, printed, texts, until } from '../../helpers/wait.ts';


describe('device agent: prints the jobs of its kiosk or window on the local printer', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  const stop = new AbortController();

  beforeAll(async () => {
    s = await startServer({ spool: { baseBackoffMs: 40, maxBackoffMs: 120 } });
    admin = bearer(await login(s.url, 'admin'));
    manager = bearer(await login(s.url, 'manager'));
  });
  afterAll(async () => {
    stop.abort();
    await s.close();
  });

  const jobs = async (ticketId: string) => (await api(s.url, 'GET', `/api/halls/demo/print-jobs?ticketId=${ticketId}`, undefined, manager)).body as Array<{ status: string; lastError: string | null }>;

  it('a kiosk ticket reaches the agent at once, waits through paper out, prints once', async () => {
    const printer = new FakePrinter();
    const port = await printer.listen();
    const kiosk = (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '3号取号机', printerUri: 'agent:' }, admin)).body;
    void runAgent({ server: s.url, token: kiosk.token, printer: `tcp://127.0.0.1:${port}`, signal: stop.signal, waitMs: 5000, statusTimeoutMs: 300, log: () => {} });

    const t1 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': kiosk.token })).body;
    await until(() => cuts(printed(printer.received)) === 1);
    expect(texts(printed(printer.received))).toContain('F001');
    await until(async () => (await jobs(t1.id))[0].status === 'done');

    printer.status = PAPER_OUT;
    const t2 = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': kiosk.token })).body;
    await until(async () => (await jobs(t2.id))[0].lastError === 'printer paper_out');
    await until(async () => (await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.token })).body.printer.state === 'paper_out');
    expect(cuts(printed(printer.received))).toBe(1);

    printer.status = HEALTHY;
    await until(async () => (await jobs(t2.id))[0].status === 'done');
    await new Promise((r) => setTimeout(r, 300));
    const items = printed(printer.received);
    expect(cuts(items)).toBe(2);
    expect(texts(items)).toContain('F002');
    await printer.close();
  });

  it("a window agent prints the window's pickup slips; the spool leaves agent jobs alone", async () => {
    const printer = new FakePrinter();
    const port = await printer.listen();
    expect((await api(s.url, 'POST', '/api/windows/win_2/printer', { printerUri: 'agent:', paperWidth: 58 }, admin)).status).toBe(200);
    const device = (await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '2号窗口打印代理', windowId: 'win_2' }, admin)).body;

    const clerk = bearer(await login(s.url, 'clerk02'));
    await api(s.url, 'POST', '/api/windows/win_2/open', undefined, clerk);
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>).find((m) => m.name === '灵活就业人员参保登记')!;
    const accepted = (await api(s.url, 'POST', '/api/windows/win_2/cases', { matterId: matter.id, applicantName: '王芳' }, clerk)).body;
    await new Promise((r) => setTimeout(r, 200));
    const [job] = (await api(s.url, 'GET', '/api/halls/demo/print-jobs', undefined, manager)).body.filter((j: { caseId: string }) => j.caseId === accepted.id);
    expect(job).toMatchObject({ status: 'pending', printerUri: 'agent:window:win_2' }); // no agent yet: it waits

    void runAgent({ server: s.url, token: device.token, printer: `tcp://127.0.0.1:${port}`, signal: stop.signal, waitMs: 5000, statusTimeoutMs: 300, log: () => {} });
    await until(() => cuts(printed(printer.received)) === 1);
    const items = printed(printer.received);
    expect(texts(items)).toContain(accepted.caseNo);
    expect(texts(items)).toContain('王*');
    expect(Math.max(...items.flatMap((i) => (i.type === 'text' ? [i.columns] : [0])))).toBeLessThanOrEqual(32);
    await printer.close();
  });

  it('refuses what is not an agent and a bad printer', async () => {
    const display = (await api(s.url, 'POST', '/api/devices', { kind: 'display', name: '大屏' }, admin)).body;
    const r = await api(s.url, 'POST', '/api/agent/claim', undefined, { 'x-device-token': display.token });
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_AN_AGENT']);
    expect((await api(s.url, 'POST', '/api/agent/claim')).body.error.code).toBe('DEVICE_TOKEN_REQUIRED');
    const bad = await api(s.url, 'POST', '/api/windows/win_3/printer', { printerUri: 'com1' }, admin);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_PRINTER_URI']);
  });
});
