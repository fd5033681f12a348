import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import { migrateToLatest, openDatabase, type Database, type Trx } from '../db/index.ts';
import { runInTransaction } from '../db/unit-of-work.ts';
import { markInitialized, prepareSqliteFolder, sqliteFiles, type FolderState } from '../db/integrity.ts';
import { checkKeyFingerprint, loadOrCreateKeyFile } from '../db/secret-key.ts';
import { makePrivate, PRIVATE_DIR } from '../db/storage.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Outcome, Sequenced } from '../services/events.ts';
import { provisionDemoKiosk, seedDemoHall } from '../seed/seed.ts';
import { DEMO_STATIONS, provisionTownKiosks } from '../seed/demo-county.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    ctx: ServiceContext;
    /** Runs a service in a transaction; its events are published only after commit. */
    run<T>(work: (trx: Trx) => Promise<Outcome<T>>): Promise<T>;
    /** Subscribe to committed events (realtime publisher, print spool). */
    onCommitted(listener: (events: readonly Sequenced[]) => void): void;
  }
}

export interface CoreOptions {
  config: Config;
  clock: Clock;
  /** Fixed in tests; otherwise read from (or created in) the data folder. */
  idHashKey?: Buffer;
}

/** Database, migrations, demo seed and the service context: everything else depends on `core`. */
export default fp(
  async function core(app: FastifyInstance, opts: CoreOptions) {
    const { config } = opts;
    const inMemory = config.sqliteFile === ':memory:';
    // The start-up checks of an SQLite file; a PostgreSQL server checks its own storage.
    const onSqliteFile = !inMemory && !config.databaseUrl;
    const folder: FolderState = onSqliteFile ? prepareSqliteFolder(config.dataDir, config.sqliteFile) : { firstStart: true };
    const loose = inMemory ? [] : makePrivate(config.dataDir, onSqliteFile ? sqliteFiles(config.sqliteFile, config.dataDir) : []);
    if (loose.length > 0) app.log.warn({ files: loose }, 'cannot make these readable by the server user only (chmod 600/700)');
    const db = openDatabase({ sqliteFile: config.sqliteFile, databaseUrl: config.databaseUrl });
    app.addHook('onClose', async () => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');

    // A throwaway in-memory SQLite database may have a throwaway key; anything that persists keeps its key.
    const idHashKey = opts.idHashKey ?? (inMemory && !config.databaseUrl ? crypto.randomBytes(32) : loadOrCreateKeyFile(config.dataDir));
    await checkKeyFingerprint(db, idHashKey, opts.idHashKey ? 'the given key' : path.join(config.dataDir, 'secret.key'), opts.clock.now());
    const ctx: ServiceContext = {
      clock: opts.clock,
      idHashKey,
      publicUrl: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, ''),
      spoolDir: path.join(inMemory ? fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-')) : config.dataDir, 'spool'),
    };
    fs.mkdirSync(ctx.spoolDir!, { recursive: true, mode: PRIVATE_DIR });
    app.decorate('config', config);
    app.decorate('db', db);
    app.decorate('ctx', ctx);
    const listeners: Array<(events: readonly Sequenced[]) => void> = [];
    app.decorate('onCommitted', (listener: (events: readonly Sequenced[]) => void) => void listeners.push(listener));
    app.decorate('run', async function run<T>(this: FastifyInstance, work: (trx: Trx) => Promise<Outcome<T>>): Promise<T> {
      const { result, events } = await runInTransaction(db, work);
      if (events.length > 0) {
        for (const l of listeners) {
          try {
            l(events);
          } catch (err) {
            app.log.error({ err }, 'event listener failed');
          }
        }
      }
      return result;
    });

    // A demo hall only ever goes into a new data folder, never over a hall that lost its database.
    if (config.seedDemo && folder.firstStart) {
      const password = config.demoPassword ?? crypto.randomBytes(9).toString('base64url');
      if (await seedDemoHall(db, ctx, password)) {
        const kioskToken = await provisionDemoKiosk(db, ctx);
        const townKiosks = await provisionTownKiosks(db, ctx);
        const base = ctx.publicUrl;
        const lines = [
          `hallq demo hall seeded (${base})`,
          `  accounts: admin, manager, clerk01 .. clerk06; password: ${config.demoPassword ? '(HALLQ_DEMO_PASSWORD)' : password}`,
          `  kiosk (prints to ${path.join(ctx.spoolDir!, '*.bin')}): ${base}/kiosk-ui/?deviceToken=${kioskToken}`,
          `  county network 清河县: bureau (county board); town and village clerks ${DEMO_STATIONS.map((x) => x.clerk.username).join(', ')}`,
          ...townKiosks.map((k) => `  kiosk of ${k.hallId}: ${base}/kiosk-ui/?hall=${k.hallId}&deviceToken=${k.token}`),
          `  wall display: ${base}/display    window screen: ${base}/display/window/win_1    staff console: ${base}/staff    API docs: ${base}/docs`,
        ];
        app.log.info('demo hall seeded');
        // The links (not the password) are kept in the data folder for whoever missed the first start.
        if (!inMemory) fs.writeFileSync(path.join(config.dataDir, 'demo-hall.txt'), `${lines.filter((l) => !l.includes('password')).join('\n')}\n`, { mode: 0o600 });
        if (app.log.level && app.log.level !== 'silent') process.stdout.write(`\n${lines.join('\n')}\n\n`);
      }
    }
    if (onSqliteFile) markInitialized(config.dataDir, new Date());
  },
  { name: 'core' },
);
