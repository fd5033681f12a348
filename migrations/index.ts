import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_init.ts';
import * as m002 from './002_printing.ts';
import * as m003 from './003_cases.ts';
import * as m004 from './004_ratings.ts';
import * as m005 from './005_appointments.ts';
import * as m006 from './006_pickup_tickets.ts';
import * as m011 from './011_regions.ts';

/** Every migration, in order. Listed explicitly so a bundler or a test never misses one. */
export const migrations: Record<string, Migration> = {
  '001_init': m001,
  '002_printing': m002,
  '003_cases': m003,
  '004_ratings': m004,
  '005_appointments': m005,
  '006_pickup_tickets': m006,
  '011_regions': m011,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
