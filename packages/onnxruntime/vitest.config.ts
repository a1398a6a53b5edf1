import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: { include: ['src/**/*.test.ts'], benchmark: { include: ['src/**/*.bench.ts'] } },
});
