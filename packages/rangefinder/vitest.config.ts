import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  // Tests train small models for real; on a loaded 2-core machine one can exceed vitest's 5 s.
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    benchmark: { include: ['src/**/*.bench.ts'] },
  },
});
