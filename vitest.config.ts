import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    // One isolated PostgreSQL database and Redis prefix for the whole run, made and
    // dropped by the global setup; files keep out of each other's way inside it.
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    // The JSON report lets .ci/run restate the totals as one plain line.
    reporters: ['default', ['json', { outputFile: 'data/test-results.json' }]],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
