import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { DEMO_PASSWORD, tempDataDir, testDatabaseEnv } from '../helpers/server.ts';

// Before: two instances starting together on one folder could read a half-written secret.key or
// crash on EEXIST, and an instance with another key (a second PostgreSQL instance on its own
// folder, a restored database without its key) started and silently hashed ID numbers that never
// matched the stored ones.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

async function boot(dataDir: string) {
  const config = readConfig({ ...(await testDatabaseEnv(dataDir)), HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: DEMO_PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_SERVE_UI: '0' }, { port: 0, host: '127.0.0.1' });
  const app = await buildApp(config, { logger: false, dayEndIntervalMs: 0, backupIntervalMs: 0, spool: { pollStatusMs: 0 } });
  await app.ready();
  return app;
}

describe('the ID-hash key', () => {
  it('is one key when several processes create it at the same moment', async () => {
    const dir = tempDataDir();
    const script = `import { loadOrCreateKeyFile } from ${JSON.stringify(path.join(ROOT, 'server/db/secret-key.ts'))}; process.stdout.write(loadOrCreateKeyFile(${JSON.stringify(dir)}).toString('hex'));`;
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const keys = await Promise.all(Array.from({ length: 4 }, () => run(tsx, ['--eval', script], { cwd: ROOT }).then((r) => r.stdout)));
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['secret.key']);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('refuses to start with a key other than the one the stored hashes were made with, and starts again with the right one', async () => {
    const dir = tempDataDir();
    await (await boot(dir)).close();
    const file = path.join(dir, 'secret.key');
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.alloc(32, 9).toString('base64'));
    const err = await boot(dir).then(() => null, (e: Error) => e);
    expect(err?.name).toBe('StartupRefused');
    expect(err?.message).toContain(`${file} is not the key this database's ID-number hashes were made with`);
    fs.writeFileSync(file, 'not a key');
    const damaged = await boot(dir).then(() => null, (e: Error) => e);
    expect(damaged?.message).toContain(`${file} is not a hallq key`);
    fs.writeFileSync(file, original);
    await (await boot(dir)).close();
  }, 60_000);
});
