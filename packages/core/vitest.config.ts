import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Generous: CI's 2 cores run several packages' suites at once.
    testTimeout: 60_000,
    // Type tests (`expectTypeOf`, `@ts-expect-error`) run with tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    benchmark: { include: ['src/**/*.bench.ts'] },
  },
});
