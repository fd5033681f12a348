/**
 * The PostgreSQL run of the whole suite (`npm test` runs it after the SQLite one).
 *
 * - HALLQ_TEST_DATABASE_URL set: runs vitest against that server (any database there will do
 *   for the admin connection; tests create and drop their own `hallq_t_*` databases).
 * - Otherwise, with PostgreSQL installed (Debian: `apt-get install postgresql`): starts a
 *   throwaway cluster in a temporary folder on a free loopback port, as the `postgres` user
 *   when run as root (PostgreSQL refuses to run as root), runs the suite, removes the cluster.
 * - Neither: says that the PostgreSQL suite was not run (and fails under CI=true, where it must).
 *
 * Extra arguments go to vitest: `npx tsx test/postgres/run.ts test/service`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const vitestArgs = process.argv.slice(2);
const vitest = path.resolve('node_modules/vitest/vitest.mjs');

function runSuite(url: string): number {
  process.stdout.write(`\n== the suite on PostgreSQL (${url.replace(/\/\/([^@]*)@/, '//…@')}) ==\n`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...vitestArgs], { stdio: 'inherit', env: { ...process.env, HALLQ_TEST_DATABASE_URL: url } });
  return r.status ?? 1;
}

function findBinDir(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length > 0) return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return onPath ? path.dirname(onPath) : null;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

async function main(): Promise<number> {
  if (process.env.HALLQ_TEST_DATABASE_URL) return runSuite(process.env.HALLQ_TEST_DATABASE_URL);
  const bin = findBinDir();
  if (!bin) {
    process.stdout.write('\n== the PostgreSQL suite was NOT run: no PostgreSQL found (apt-get install postgresql, or set HALLQ_TEST_DATABASE_URL) ==\n');
    return process.env.CI === 'true' ? 1 : 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-pg-'));
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL will not run as root: the cluster belongs to the unprivileged `postgres` user then.
  const as = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const pgCtl = path.join(bin, 'pg_ctl');
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) spawnSync(...as(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    started = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    execFileSync(...as(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'hallq', '-E', 'UTF8', '--locale=C']), { stdio: 'ignore' });
    // A throwaway cluster: durability off for speed; loopback and a socket in its own folder only.
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    execFileSync(...as(pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', settings, 'start']), { stdio: 'ignore' });
    started = true;
    return runSuite(`postgres://hallq@127.0.0.1:${port}/postgres`);
  } catch (err) {
    const log = path.join(dir, 'server.log');
    process.stderr.write(`could not start a PostgreSQL cluster: ${(err as Error).message}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}\n`);
    return 1;
  } finally {
    stop();
  }
}

process.exit(await main());
