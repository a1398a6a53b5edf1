// Counts V8 scavenges (young-generation GCs) while a built schedule is evaluated 2e7 times,
// to check that evaluation allocates nothing beyond what any double-returning call costs.
// Usage (after `pnpm build`): node --expose-gc --trace-gc scripts/alloc-check.mjs <name>
//   | awk '/measuring/{m=1} m&&/Scavenge/{n++} /ns\/eval/{print} END{print "scavenges:", n+0}'
// <name>: identity (the reference), cosine, oneCycle, wsd, cosineRestarts, warmupOneCycle.
import { fromSpec } from '../dist/index.js';

const specs = {
  cosine: { policy: 'cosine', lr: 0.1, totalSteps: 1000 },
  oneCycle: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 },
  wsd: {
    policy: 'sequence',
    schedules: [
      { policy: 'constant', lr: 0.1 },
      { policy: 'cosine', lr: 0.1, totalSteps: 200 },
    ],
    boundaries: [800],
  },
  cosineRestarts: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 10, cycleMult: 2 },
  warmupOneCycle: {
    policy: 'warmup',
    warmupSteps: 100,
    schedule: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 },
  },
};
const name = process.argv[2] ?? 'identity';
const spec = specs[name];
const fn = spec ? fromSpec(spec).lr : (t) => t * 0.5;

function loop(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += fn(i % 2000);
  return sum;
}

loop(1e6); // let the JIT optimize first
globalThis.gc();
console.log('--- measuring');
const start = process.hrtime.bigint();
const sum = loop(2e7);
const elapsed = Number(process.hrtime.bigint() - start);
console.log(name, 'ns/eval', (elapsed / 2e7).toFixed(1), sum > 0);
