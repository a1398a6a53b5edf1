import { packageConfig } from '../../vitest.shared.js';

// The smoke test trains every policy of the protocol (briefly) on both backends.
export default packageConfig({ test: { testTimeout: 150_000 } });
