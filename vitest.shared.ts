import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest setup every package shares: the workspace packages resolve to their TypeScript
 * source (`@cyclr/source`), tests live in `src/**\/*.test.ts`, benches in `src/**\/*.bench.ts`.
 * The timeout is generous: tests train small models for real and CI's 2 cores run several
 * packages' suites at once.
 */
const shared = defineConfig({
  resolve: { conditions: ['@cyclr/source'] },
  ssr: { resolve: { conditions: ['@cyclr/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    benchmark: { include: ['src/**/*.bench.ts'] },
  },
});

/** A package's vitest config: the shared one with the package's own additions on top. */
export function packageConfig(own: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(shared, own);
}
