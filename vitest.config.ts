import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'scripts/**/*.test.ts',
      'services/**/*.test.ts',
      'contracts/**/*.test.ts',
      'loadtest/**/*.test.ts',
      'infra/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // In CI also a JSON report, from which .ci/run prints the plain `N passed, N failed` line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
  },
});
