import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { until } from '../../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('hallq agent --hid-replay: a recorded keypad drives a window end to end', () => {
  let s: TestServer;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await s.close();
  });

  it('next, recall, complete from the recording act on the window its device is bound to', async () => {
    const admin = bearer(await login(s.url, 'admin'));
    const device = (await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '1号窗口设备代理', windowId: 'win_1' }, admin)).body;
    const clerk = bearer(await login(s.url, 'clerk01'));
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk)).status).toBe(200);
    const ticket = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    const dir = tempDataDir('hallq-replay-');
    const config = path.join(dir, 'agent.json');
    fs.writeFileSync(config, JSON.stringify({ devices: [{ vidPid: '05e0:1200', role: 'keypad' }] }));
    child = spawn(process.execPath, [
      path.join(ROOT, 'bin/hallq.mjs'), 'agent', '--server', s.url, '--token', device.token, '--printer', 'none',
      '--config', config, '--hid-replay', path.join(ROOT, 'test/fixtures/hid/keypad-window.jsonl'), '--state', path.join(dir, 'pending.json'),
    ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b) => (output += b));
    child.stderr!.on('data', (b) => (output += b));
    await until(() => output.includes('replay finished') && output.includes('complete: '), 20_000).catch((err) => {
      throw new Error(`${err.message}\n${output}`);
    });
    expect(output).toMatch(/next: done \(A\d{3}\)[\s\S]*recall: done[\s\S]*complete: done/);
    expect(output).toContain(`next: done (${ticket.number})`);
    expect((await api(s.url, 'GET', `/api/tickets/${ticket.id}`, undefined, clerk)).body.status).toBe('done');
  }, 30_000);
});
