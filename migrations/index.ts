import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_init.ts';

/** Every migration, in order. Listed explicitly so a bundler or a test never misses one. */
export const migrations: Record<string, Migration> = {
  '001_init': m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
