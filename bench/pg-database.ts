import pg from 'pg';

/**
 * BENCH_POSTGRES_URL: runs `work` on a PostgreSQL database of its own, created for it and dropped
 * after, so the figures beside SQLite's start from the same empty state. Nothing without the URL.
 */
export async function onThrowawayPostgres(prefix: string, work: (url: string) => Promise<void>): Promise<void> {
  const pgUrl = process.env.BENCH_POSTGRES_URL;
  if (!pgUrl) return;
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    await work(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
