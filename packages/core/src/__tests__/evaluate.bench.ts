import { bench, describe } from 'vitest';
import { fromSpec, type PolicySpec, type ScheduleFn } from '../index.js';

// ns per evaluation = (mean time of one task) / EVALUATIONS. Each task evaluates one schedule
// at EVALUATIONS different steps spread over twice its length (so past-the-end clamps are
// exercised too), summing the results so the engine cannot drop the calls. See
// docs/benchmarks/core.md for the numbers and the command.
const EVALUATIONS = 1000;

const specs: Record<string, PolicySpec> = {
  constant: { policy: 'constant', lr: 0.1 },
  step: { policy: 'step', lr: 0.1, stepSize: 300 },
  multiStep: { policy: 'multiStep', lr: 0.1, milestones: [300, 600, 800] },
  exponential: { policy: 'exponential', lr: 0.1, gamma: 0.999 },
  cosine: { policy: 'cosine', lr: 0.1, totalSteps: 1000 },
  cosineRestarts: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 100 },
  'cosineRestarts cycleMult 2': {
    policy: 'cosineRestarts',
    lr: 0.1,
    firstCycleSteps: 10,
    cycleMult: 2,
  },
  polynomial: { policy: 'polynomial', lr: 0.1, totalSteps: 1000, power: 2 },
  linear: { policy: 'linear', lr: 0.1, totalSteps: 1000 },
  'cosineRestarts cycleDecay': {
    policy: 'cosineRestarts',
    lr: 0.1,
    firstCycleSteps: 10,
    cycleMult: 2,
    cycleDecay: 0.7,
  },
  inverseSqrt: { policy: 'inverseSqrt', lr: 0.001, warmupSteps: 100 },
  inverseTime: { policy: 'inverseTime', lr: 0.1, decaySteps: 100, decayRate: 0.5 },
  warmupStableDecay: {
    policy: 'warmupStableDecay',
    lr: 0.1,
    warmupSteps: 100,
    stableSteps: 600,
    decaySteps: 300,
  },
  'noise(cosine)': {
    policy: 'noise',
    schedule: { policy: 'cosine', lr: 0.1, totalSteps: 1000 },
  },
  triangular: { policy: 'triangular', baseLr: 0.001, maxLr: 0.01, stepSize: 250 },
  triangular2: { policy: 'triangular2', baseLr: 0.001, maxLr: 0.01, stepSize: 250 },
  expRange: { policy: 'expRange', baseLr: 0.001, maxLr: 0.01, stepSize: 250, gamma: 0.999 },
  cyclic: {
    policy: 'cyclic',
    baseLr: 0.001,
    maxLr: 0.01,
    stepSize: 250,
    scaleFn: { policy: 'exponential', lr: 1, gamma: 0.9 },
  },
  oneCycle: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 },
  'oneCycle threePhase': { policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000, threePhase: true },
  'warmup(cosine)': {
    policy: 'warmup',
    warmupSteps: 100,
    schedule: { policy: 'cosine', lr: 0.1, totalSteps: 900 },
  },
  'sequence(3 parts, WSD)': {
    policy: 'sequence',
    schedules: [
      { policy: 'linear', lr: 0.1, startFactor: 0.01, totalSteps: 100 },
      { policy: 'constant', lr: 0.1 },
      { policy: 'cosine', lr: 0.1, totalSteps: 200 },
    ],
    boundaries: [100, 800],
  },
  'scale(cosineRestarts, step)': {
    policy: 'scale',
    factor: { policy: 'step', lr: 1, stepSize: 100, gamma: 0.5 },
    schedule: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 100 },
  },
  'clamp(exponential)': {
    policy: 'clamp',
    maxLr: 1,
    schedule: { policy: 'exponential', lr: 1e-4, gamma: 1.01 },
  },
};

const steps = Float64Array.from({ length: EVALUATIONS }, (_, i) => (i * 2003) % 2000);
let sink = 0;

function evaluateAll(fn: ScheduleFn): void {
  let sum = 0;
  for (let i = 0; i < EVALUATIONS; i++) sum += fn(steps[i] as number);
  sink += sum;
}

describe(`lr(step), ${EVALUATIONS} evaluations per iteration`, () => {
  bench('baseline: loop + identity function', () => evaluateAll((t) => t));
  for (const [name, spec] of Object.entries(specs)) {
    const schedule = fromSpec(spec);
    bench(name, () => evaluateAll(schedule.lr));
  }
});

describe(`momentum(step), ${EVALUATIONS} evaluations per iteration`, () => {
  for (const name of ['oneCycle'] as const) {
    const momentum = fromSpec(specs[name] as PolicySpec).momentum as ScheduleFn;
    bench(name, () => evaluateAll(momentum));
  }
  const clr = fromSpec({
    policy: 'triangular',
    baseLr: 0.001,
    maxLr: 0.01,
    stepSize: 250,
    baseMomentum: 0.85,
    maxMomentum: 0.95,
  }).momentum as ScheduleFn;
  bench('triangular', () => evaluateAll(clr));
});

// Keeps `sink` observable so the sums are not dead code.
export const benchSink = (): number => sink;
