import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // The spawned-binary tests start Node + tsx per case; on a busy 2-core machine one can
    // take several seconds, which says nothing about the CLI.
    testTimeout: 60_000,
    maxConcurrency: 4,
  },
});
