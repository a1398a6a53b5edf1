import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 150_000 },
});
