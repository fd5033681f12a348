import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests each start their own server on a random loopback port and their own data folder.
    pool: 'forks',
    // With HALLQ_TEST_DATABASE_URL (the PostgreSQL run): the migrated template each test copies.
    globalSetup: ['test/postgres/global-setup.ts'],
  },
});
