import { packageConfig } from '../../vitest.shared.js';

// The spawned-binary tests start Node + tsx per case; four at a time keep a busy 2-core
// machine from timing them out.
export default packageConfig({ test: { maxConcurrency: 4 } });
