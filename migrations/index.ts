import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_init.ts';
import * as m002 from './002_printing.ts';
import * as m003 from './003_cases.ts';
import * as m004 from './004_ratings.ts';
import * as m005 from './005_appointments.ts';
import * as m006 from './006_pickup_tickets.ts';
import * as m007 from './007_print_confirm.ts';
import * as m008 from './008_ticket_keys.ts';
import * as m009 from './009_credentials.ts';
import * as m011 from './011_regions.ts';
import * as m012 from './012_queue_order_index.ts';
import * as m013 from './013_hall_alerts.ts';
import * as m014 from './014_review.ts';
import * as m015 from './015_oversight_bundles.ts';
import * as m016 from './016_names.ts';
import * as m017 from './017_voice_webhooks.ts';
import * as m018 from './018_waiting_counts.ts';
import * as m019 from './019_agent_presence.ts';
import * as m020 from './020_proxy_follow_code.ts';
import * as m021 from './021_key_fingerprints.ts';
import * as m022 from './022_served_times.ts';

/**
 * Every migration, in order. Listed explicitly so a bundler or a test never misses one.
 *
 * Each runs on SQLite and on PostgreSQL: Kysely's schema builder with portable types only
 * (text, integer, bigint, double precision; 0/1 integers for booleans; JSON as text; times as
 * bigint ms), no raw SQL, no triggers, no `autoIncrement()` (ids are text; 001 shows the
 * one dialect branch for its old auto ids) and no `blob` (002 shows `bytea`). A migration
 * that has shipped is frozen: it must keep producing the same SQLite schema.
 */
export const migrations: Record<string, Migration> = {
  '001_init': m001,
  '002_printing': m002,
  '003_cases': m003,
  '004_ratings': m004,
  '005_appointments': m005,
  '006_pickup_tickets': m006,
  '007_print_confirm': m007,
  '008_ticket_keys': m008,
  '009_credentials': m009,
  '011_regions': m011,
  '012_queue_order_index': m012,
  '013_hall_alerts': m013,
  '014_review': m014,
  '015_oversight_bundles': m015,
  '016_names': m016,
  '017_voice_webhooks': m017,
  '018_waiting_counts': m018,
  '019_agent_presence': m019,
  '020_proxy_follow_code': m020,
  '021_key_fingerprints': m021,
  '022_served_times': m022,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
