import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  // Generous: CI's 2 cores run several packages' suites at once.
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    benchmark: { include: ['src/**/*.bench.ts'] },
  },
});
