import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from './index.ts';
import type { DB } from './schema/index.ts';

export interface TableCount {
  table: string;
  from: number;
  to: number;
}

const BATCH = 500;

/** The tables of a SQLite file, parents before children (by their foreign keys), Kysely's own left out. */
function tablesInOrder(file: string): string[] {
  const lite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const names = (lite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").all() as Array<{ name: string }>).map((r) => r.name);
    const parents = new Map(names.map((n) => [n, (lite.pragma(`foreign_key_list("${n}")`) as Array<{ table: string }>).map((f) => f.table).filter((t) => t !== n)]));
    const ordered: string[] = [];
    const visit = (n: string, path: Set<string>) => {
      if (ordered.includes(n) || path.has(n)) return;
      path.add(n);
      for (const p of parents.get(n) ?? []) if (names.includes(p)) visit(p, path);
      ordered.push(n);
    };
    for (const n of names.sort()) visit(n, new Set());
    return ordered;
  } finally {
    lite.close();
  }
}

/**
 * Moves a hall that grew out of SQLite to PostgreSQL: both are migrated to the same version,
 * the target must be empty, every table is copied in one transaction (all or nothing), the
 * identity sequences are moved past the copied ids, and the row counts are compared table by
 * table. Run it with the server stopped, so the copy is of one moment.
 */
export async function copySqliteToPostgres(fromFile: string, toUrl: string, log: (line: string) => void = () => undefined): Promise<TableCount[]> {
  const from: Kysely<DB> = openDatabase({ sqliteFile: fromFile });
  const to: Kysely<DB> = openDatabase({ sqliteFile: ':memory:', databaseUrl: toUrl });
  try {
    await migrateToLatest(from);
    await migrateToLatest(to);
    const tables = tablesInOrder(fromFile);
    const src = from as unknown as Kysely<any>;
    for (const t of tables) {
      const { n } = await (to as unknown as Kysely<any>).selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(n) > 0) throw new Error(`the target database is not empty (${t} has ${n} rows): copy-data only fills a new database`);
    }
    await to.transaction().execute(async (trx) => {
      const dst = trx as unknown as Kysely<any>;
      for (const t of tables) {
        const cols = await sql<{ column_name: string; is_identity: string }>`select column_name, is_identity from information_schema.columns where table_schema = current_schema() and table_name = ${t}`.execute(dst);
        const targetCols = new Set(cols.rows.map((c) => c.column_name));
        let copied = 0;
        for (let offset = 0; ; offset += BATCH) {
          const rows = await src.selectFrom(t).selectAll().orderBy(sql`rowid`).limit(BATCH).offset(offset).execute();
          if (rows.length === 0) break;
          const kept = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => targetCols.has(k))));
          await dst.insertInto(t).values(kept).execute();
          copied += rows.length;
        }
        for (const c of cols.rows.filter((c) => c.is_identity === 'YES')) {
          await sql`select setval(pg_get_serial_sequence(${t}, ${c.column_name}), coalesce((select max(${sql.ref(c.column_name)}) from ${sql.table(t)}), 0) + 1, false)`.execute(dst);
        }
        log(`${t}: ${copied}`);
      }
    });
    const counts: TableCount[] = [];
    for (const t of tables) {
      const a = await src.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const b = await (to as unknown as Kysely<any>).selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts.push({ table: t, from: Number(a.n), to: Number(b.n) });
    }
    return counts;
  } finally {
    await from.destroy();
    await to.destroy();
  }
}
