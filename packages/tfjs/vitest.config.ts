import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Real training on tfjs's cpu/wasm backends; on a loaded 2-core machine the 10,000-step
    // leak tests can take several seconds (about 1-2 s each when the machine is idle).
    testTimeout: 60_000,
  },
});
