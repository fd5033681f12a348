import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { ManualClock, type Clock } from '../../server/clock.ts';
import type { SpoolOptions } from '../../server/printing/spool.ts';
import { databaseForDataDir, onPostgres } from './pg.ts';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDataDir(prefix = 'hallq-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real listening server on a random loopback port, on a real SQLite file in its own folder
 * (on the PostgreSQL run: on its own database, kept with the folder for a restart).
 */
export interface ServerOptions {
  clock?: Clock;
  dataDir?: string;
  rateLimit?: number;
  /** HALLQ_SOCKETS_PER_ADDRESS (only in force with rateLimit > 0). */
  socketsPerAddress?: number;
  memory?: boolean;
  spool?: Partial<SpoolOptions>;
  /** Serve the built pages from dist/ (browser tests). */
  serveUi?: boolean;
  /** Start without the demo hall. */
  empty?: boolean;
  /** pino options (e.g. a `stream` to read the access log); silent when absent. */
  logger?: Record<string, unknown>;
  /** HALLQ_AGENT_SILENT_MS: how long an agent may be silent before managers are alerted. */
  agentSilentMs?: number;
}

export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const config = readConfig(
    { ...(await testDatabaseEnv(dataDir)), HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: DEMO_PASSWORD, HALLQ_RATE_LIMIT: String(opts.rateLimit ?? 0), HALLQ_SERVE_UI: opts.serveUi ? '1' : '0', HALLQ_SEED_DEMO: opts.empty ? '0' : '1' },
    { port: 0, host: '127.0.0.1', ...(opts.memory ? { sqliteFile: ':memory:' } : {}), ...(opts.socketsPerAddress ? { socketsPerAddress: opts.socketsPerAddress } : {}), ...(opts.agentSilentMs ? { agentSilentMs: opts.agentSilentMs } : {}) },
  );
  const app = await buildApp(config, { clock: opts.clock, logger: opts.logger ?? false, dayEndIntervalMs: 0, backupIntervalMs: 0, alertsIntervalMs: 0, spool: { pollStatusMs: 0, ...opts.spool } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, dataDir, close: () => app.close() };
}

export { ManualClock };

/** `DATABASE_URL` of the data folder's database on the PostgreSQL run; nothing (SQLite) otherwise. For child processes too. */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  return onPostgres ? { DATABASE_URL: await databaseForDataDir(dataDir) } : {};
}

/** JSON over real HTTP. */
export async function api(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

export async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await api(base, 'POST', '/api/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
