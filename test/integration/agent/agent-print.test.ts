import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentHandle } from '../../../devices/agent.ts';
import { api, bearer, login, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { copiesOf, FakePrinter } from '../../helpers/fake-printer.ts';
import { startProxy } from '../../helpers/tcp-proxy.ts';
import { until } from '../../helpers/wait.ts';

describe('device agent: print jobs over its socket, the long poll while the socket is down, each job printed once', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  const stop = new AbortController();
  const agents: AgentHandle[] = [];
  const printers: FakePrinter[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    s = await startServer({ spool: { baseBackoffMs: 40, maxBackoffMs: 120 } });
    admin = bearer(await login(s.url, 'admin'));
    manager = bearer(await login(s.url, 'manager'));
  });
  afterAll(async () => {
    stop.abort();
    for (const a of agents) await a.stop();
    for (const c of closers) await c();
    for (const p of printers) await p.close();
    await s.close();
  });

  const printer = async () => {
    const p = new FakePrinter();
    printers.push(p);
    return { p, uri: `tcp://127.0.0.1:${await p.listen()}` };
  };
  const kiosk = async (name: string) => (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name, printerUri: 'agent:' }, admin)).body as { id: string; token: string };
  const run = async (server: string, token: string, uri: string, extra: Partial<Parameters<typeof startAgent>[0]> = {}) => {
    const a = await startAgent({ server, token, printer: uri, signal: stop.signal, statusTimeoutMs: 300, heartbeatMs: 200, log: () => {}, ...extra });
    agents.push(a);
    return a;
  };
  const issue = async (token: string) => (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F' }, { 'x-device-token': token })).body as { id: string; number: string };
  const jobOf = async (ticketId: string) => ((await api(s.url, 'GET', `/api/halls/demo/print-jobs?ticketId=${ticketId}`, undefined, manager)).body as Array<{ status: string }>)[0];

  it('pushed over the socket (no poll at all), printed and confirmed; with the socket down the long poll prints; back on the socket after', async () => {
    const { p, uri } = await printer();
    const k = await kiosk('7号取号机');
    // The fallback would start only after a minute: what prints now came over the socket.
    const a = await run(s.url, k.token, uri, { fallbackAfterMs: 60_000 });
    await until(() => a.socket.connected);
    const t1 = await issue(k.token);
    await until(async () => (await jobOf(t1.id)).status === 'done');
    expect(copiesOf(p.received, t1.number)).toEqual([expect.objectContaining({ whole: true, reprint: false })]);
    expect(a.printer!.printed.map((x) => x.report.ok)).toEqual([true]);
    await a.stop();

    // The same kiosk's agent with its socket down: the long poll takes over.
    const b = await run(s.url, k.token, uri, { fallbackAfterMs: 200, waitMs: 2000 });
    await until(() => b.socket.connected);
    b.socket.disconnect();
    const t2 = await issue(k.token);
    await until(async () => (await jobOf(t2.id)).status === 'done');
    expect(b.socket.connected).toBe(false);
    b.socket.connect();
    await until(() => b.socket.connected);
    const t3 = await issue(k.token);
    await until(async () => (await jobOf(t3.id)).status === 'done');
    for (const t of [t1, t2, t3]) expect(copiesOf(p.received, t.number)).toHaveLength(1);
  });

  it('killed after the printer confirmed but before the server heard it: the restarted agent reports it and does not print it again', async () => {
    const { p, uri } = await printer();
    const k = await kiosk('8号取号机');
    const proxy = await startProxy(Number(new URL(s.url).port));
    closers.push(proxy.close);
    const state = path.join(tempDataDir('hallq-agent-'), 'pending.json');
    const a = await run(proxy.url, k.token, uri, { stateFile: state, fallbackAfterMs: 60_000, ackTimeoutMs: 1000 });
    await until(() => a.socket.connected);

    p.holdAfterJob = true;
    const t1 = await issue(k.token);
    // On paper, its confirmation held back; then the link to the server goes, then the printer answers.
    await until(() => copiesOf(p.received, t1.number).length === 1);
    proxy.cut();
    p.release();
    await until(() => a.printer!.printed.length === 1);
    await until(() => a.printer!.pendingResults() === 1 && !a.socket.connected);
    expect(a.printer!.printed[0].report.ok).toBe(true);
    expect((await jobOf(t1.id)).status).toBe('sent');
    await a.stop();

    // Meanwhile another ticket waits for this kiosk.
    const t2 = await issue(k.token);
    const b = await run(s.url, k.token, uri, { stateFile: state, fallbackAfterMs: 60_000 });
    await until(async () => (await jobOf(t1.id)).status === 'done' && (await jobOf(t2.id)).status === 'done');
    await until(() => b.printer!.pendingResults() === 0);
    expect(copiesOf(p.received, t1.number)).toHaveLength(1);
    expect(copiesOf(p.received, t2.number)).toEqual([expect.objectContaining({ whole: true, reprint: false })]);
    expect(b.printer!.printed.map((x) => x.job.id)).toHaveLength(1);
  });
});
