import { defineConfig } from 'vitest/config';

// .ci/run sets NAD_TEST_REPORT to collect a JSON report from which it prints
// "N passed, N failed, N skipped".
const report = process.env.NAD_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests and worker threads run dist/: it is rebuilt (incrementally) before any test.
    globalSetup: ['test/setup/build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
});
