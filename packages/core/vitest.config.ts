import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({
  test: {
    // Type tests (`expectTypeOf`, `@ts-expect-error`) run with tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
