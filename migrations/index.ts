import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_init.ts';
import * as m002 from './002_printing.ts';
import * as m003 from './003_cases.ts';

/** Every migration, in order. Listed explicitly so a bundler or a test never misses one. */
export const migrations: Record<string, Migration> = {
  '001_init': m001,
  '002_printing': m002,
  '003_cases': m003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
