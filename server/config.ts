import path from 'node:path';

/** Settings read once from the environment, validated, then frozen (see contract "Starting the server"). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `:memory:` in service tests; otherwise a file in dataDir. */
  readonly sqliteFile: string;
  readonly databaseUrl?: string;
  readonly demoPassword?: string;
  /** Anonymous requests a minute per client; 0 turns every rate limit off. */
  readonly rateLimit: number;
  /** Anonymous socket.io connections (display, kiosk, ticket) one address may hold at once; off with rateLimit 0. */
  readonly socketsPerAddress: number;
  /** A device agent not heard from this long raises an alert on the managers' dashboard. */
  readonly agentSilentMs: number;
  readonly logLevel: string;
  /** Serve the built UIs from dist/ when present. */
  readonly serveUi: boolean;
  /** Public base URL printed in QR codes; defaults to http://<host>:<port>. */
  readonly publicUrl?: string;
  readonly seedDemo: boolean;
  /** Daily database copies kept in <dataDir>/backups; 0: none. */
  readonly backupKeep: number;
}

export class ConfigError extends Error {}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.HALLQ_DATA || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)');
  }
  const config: Config = {
    port: int('PORT', env.PORT, 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    sqliteFile: path.join(dataDir, 'hallq.sqlite'),
    databaseUrl,
    demoPassword: env.HALLQ_DEMO_PASSWORD || undefined,
    rateLimit: int('HALLQ_RATE_LIMIT', env.HALLQ_RATE_LIMIT, 300, 0, 1_000_000),
    socketsPerAddress: int('HALLQ_SOCKETS_PER_ADDRESS', env.HALLQ_SOCKETS_PER_ADDRESS, 200, 1, 1_000_000),
    agentSilentMs: int('HALLQ_AGENT_SILENT_MS', env.HALLQ_AGENT_SILENT_MS, 60_000, 200, 86_400_000),
    logLevel: env.LOG_LEVEL || 'info',
    serveUi: env.HALLQ_SERVE_UI !== '0',
    publicUrl: env.HALLQ_PUBLIC_URL || undefined,
    seedDemo: env.HALLQ_SEED_DEMO !== '0',
    backupKeep: int('HALLQ_BACKUP_KEEP', env.HALLQ_BACKUP_KEEP, 14, 0, 3650),
    ...overrides,
  };
  return Object.freeze(config);
}
