import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { backupSqlite, pruneBackups } from '../db/backup.ts';
import { damage } from '../db/integrity.ts';
import { serviceDay } from '../domain/time.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Today's copy of the database, unless it exists already; returns its path (null: nothing to do). */
    dailyBackup(): Promise<string | null>;
  }
}

/**
 * A copy of the database every day in <HALLQ_DATA>/backups, the last `keep` kept: a hall
 * that loses its disk loses at most a day. Checked at start and every hour.
 */
export default fp(
  async function backup(app: FastifyInstance, opts: { keep: number; intervalMs: number }) {
    const dir = path.join(app.config.dataDir, 'backups');
    // A copy of the SQLite file; a PostgreSQL database is backed up with its own tools (README).
    const enabled = opts.keep > 0 && app.config.sqliteFile !== ':memory:' && !app.config.databaseUrl;
    app.decorate('dailyBackup', async () => {
      if (!enabled) return null;
      const hall = await app.db.selectFrom('halls').select('time_zone').limit(1).executeTakeFirst();
      const day = serviceDay(app.ctx.clock.now(), hall?.time_zone ?? 'Asia/Shanghai');
      const dest = path.join(dir, `hallq-${day}.sqlite`);
      if (fs.existsSync(dest)) return null;
      await backupSqlite(app.config.sqliteFile, `${dest}.part`);
      // A copy of a database that went bad is kept aside, and no good older copy is pruned for it.
      const problem = damage(`${dest}.part`);
      if (problem) {
        fs.renameSync(`${dest}.part`, `${dest}.damaged`);
        app.log.error({ backup: `${dest}.damaged`, problem }, 'daily backup is damaged: the database needs attention (README.md, Operations)');
        return null;
      }
      fs.renameSync(`${dest}.part`, dest); // a half-written copy never looks like a backup
      const removed = pruneBackups(dir, opts.keep);
      app.log.info({ backup: dest, removed }, 'daily backup written');
      return dest;
    });
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      if (!enabled || opts.intervalMs <= 0) return;
      const run = () => (app.leader.isLeader() ? app.dailyBackup().catch((err) => app.log.error({ err }, 'daily backup failed')) : undefined);
      void run();
      timer = setInterval(run, opts.intervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'backup', dependencies: ['core', 'leader'] },
);
