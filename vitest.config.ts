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
  },
});
