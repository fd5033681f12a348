import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import { migrateToLatest, openDatabase, type Database, type Trx } from '../db/index.ts';
import { runInTransaction } from '../db/unit-of-work.ts';
import type { ServiceContext } from '../services/context.ts';
import type { Outcome, Sequenced } from '../services/events.ts';
import { seedDemoHall } from '../seed/seed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    ctx: ServiceContext;
    /** Runs a service in a transaction; its events are published only after commit. */
    run<T>(work: (trx: Trx) => Promise<Outcome<T>>): Promise<T>;
    /** Set by the realtime plugin; a no-op until then. */
    publishEvents(events: readonly Sequenced[]): void;
  }
}

export interface CoreOptions {
  config: Config;
  clock: Clock;
  /** Fixed in tests; otherwise read from (or created in) the data folder. */
  idHashKey?: Buffer;
}

function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    const key = crypto.randomBytes(32);
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  }
}

/** Database, migrations, demo seed and the service context: everything else depends on `core`. */
export default fp(
  async function core(app: FastifyInstance, opts: CoreOptions) {
    const { config } = opts;
    const inMemory = config.sqliteFile === ':memory:';
    const db = openDatabase({ sqliteFile: config.sqliteFile, databaseUrl: config.databaseUrl });
    app.addHook('onClose', async () => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');

    const ctx: ServiceContext = {
      clock: opts.clock,
      idHashKey: opts.idHashKey ?? (inMemory ? crypto.randomBytes(32) : loadOrCreateKey(config.dataDir)),
      publicUrl: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, ''),
    };
    app.decorate('config', config);
    app.decorate('db', db);
    app.decorate('ctx', ctx);
    app.decorate('publishEvents', (_events: readonly Sequenced[]) => {});
    app.decorate('run', async function run<T>(this: FastifyInstance, work: (trx: Trx) => Promise<Outcome<T>>): Promise<T> {
      const { result, events } = await runInTransaction(db, work);
      if (events.length > 0) app.publishEvents(events);
      return result;
    });

    if (config.seedDemo) {
      const password = config.demoPassword ?? crypto.randomBytes(9).toString('base64url');
      if (await seedDemoHall(db, ctx, password)) {
        app.log.info('demo hall seeded');
        if (!config.demoPassword) {
          // Printed once: the only time this random password is ever shown.
          process.stdout.write(`\n  hallq demo hall seeded. Accounts admin, manager, clerk01..clerk06; password: ${password}\n\n`);
        }
      }
    }
  },
  { name: 'core' },
);
