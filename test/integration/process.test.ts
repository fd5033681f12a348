import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, tempDataDir, testDatabaseEnv } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

async function start(dataDir: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  let out = '';
  const child = spawn(process.execPath, [path.resolve('bin/hallq.mjs'), 'start'], {
    env: { ...process.env, ...(await testDatabaseEnv(dataDir)), HALLQ_DATA: dataDir, PORT: String(port), HOST: '127.0.0.1', HALLQ_SKIP_BUILD: '1', HALLQ_SERVE_UI: '0', HALLQ_DEMO_PASSWORD: 'demo-process-1', LOG_LEVEL: 'warn' },
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the hallq process', () => {
  it('starts with the demo hall, shuts down cleanly on SIGTERM, and keeps the data for the next start', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await start(dataDir, port);
    await until(async () => (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)), 20_000);
    expect(first.output()).toContain('hallq demo hall seeded');
    // The kiosk link carries a one-time enrolment token, kept in demo-hall.txt for whoever missed the start.
    const enrol = /\/kiosk-ui\/\?deviceToken=(enr_[\w-]+)/.exec(first.output())?.[1];
    expect(enrol).toBeTruthy();
    expect(fs.readFileSync(path.join(dataDir, 'demo-hall.txt'), 'utf8')).toContain(`/kiosk-ui/?deviceToken=${enrol}`);
    const ticket = await api(url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    expect(ticket.body.number).toBe('A001');

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    const second = await start(dataDir, port);
    await until(async () => (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)), 20_000);
    expect(second.output()).not.toContain('demo hall seeded');
    expect((await api(url, 'GET', `/api/tickets/${ticket.body.id}`, undefined, { 'x-ticket-key': ticket.body.key })).body).toMatchObject({ number: 'A001', status: 'waiting' });
    expect((await api(url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body.number).toBe('A002');
    // The link works the first time it is opened, even after a restart; once only.
    const traded = await api(url, 'POST', '/api/devices/session', { token: enrol });
    expect(traded.status).toBe(200);
    expect((await api(url, 'GET', '/api/devices/me', undefined, { 'x-device-token': traded.body.token })).body.name).toBe('1号自助取号机');
    expect((await api(url, 'POST', '/api/devices/session', { token: enrol })).body.error.code).toBe('ENROLMENT_USED');
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 120_000); // two real processes that compile TypeScript on start: slow on a loaded machine

  it('refuses a bad setting with a clear message and a non-zero exit', async () => {
    const child = spawn(process.execPath, [path.resolve('bin/hallq.mjs'), 'start'], { env: { ...process.env, PORT: 'eighty', HALLQ_SKIP_BUILD: '1' } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await exited(child)).toBe(1);
    expect(err).toContain('PORT must be an integer');
  });
});
