import type { PolicySpec } from '@cyclr/core';

/**
 * Specs the PyTorch golden covers: every policy the export writes, with non-default options.
 * `scripts/make-pytorch-golden.ts` runs their generated code against torch.
 */
export const pytorchExamples: readonly { readonly name: string; readonly spec: PolicySpec }[] = [
  { name: 'constant', spec: { policy: 'constant', lr: 0.05 } },
  { name: 'step', spec: { policy: 'step', lr: 0.1, stepSize: 30, gamma: 0.5 } },
  { name: 'multiStep', spec: { policy: 'multiStep', lr: 0.1, milestones: [50, 120], gamma: 0.2 } },
  { name: 'exponential', spec: { policy: 'exponential', lr: 0.1, gamma: 0.99 } },
  { name: 'cosine', spec: { policy: 'cosine', lr: 0.1, totalSteps: 200, minLr: 0.001 } },
  {
    name: 'cosineRestarts',
    spec: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 50, cycleMult: 2, minLr: 1e-4 },
  },
  { name: 'polynomial', spec: { policy: 'polynomial', lr: 0.1, totalSteps: 200, power: 2 } },
  {
    name: 'linear',
    spec: { policy: 'linear', lr: 0.1, startFactor: 0.25, endFactor: 1, totalSteps: 100 },
  },
  {
    name: 'triangular with momentum',
    spec: {
      policy: 'triangular',
      baseLr: 0.001,
      maxLr: 0.01,
      stepSize: 50,
      baseMomentum: 0.85,
      maxMomentum: 0.95,
    },
  },
  {
    name: 'triangular2 asymmetric',
    spec: { policy: 'triangular2', baseLr: 0.001, maxLr: 0.01, stepSize: 40, stepSizeDown: 60 },
  },
  {
    name: 'expRange',
    spec: { policy: 'expRange', baseLr: 0.001, maxLr: 0.01, stepSize: 50, gamma: 0.995 },
  },
  { name: 'oneCycle', spec: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 300 } },
  {
    name: 'oneCycle three-phase linear',
    spec: {
      policy: 'oneCycle',
      maxLr: 0.05,
      totalSteps: 200,
      threePhase: true,
      anneal: 'linear',
      cycleMomentum: false,
    },
  },
  {
    name: 'warmup then cosine',
    spec: {
      policy: 'warmup',
      warmupSteps: 20,
      schedule: { policy: 'cosine', lr: 0.1, totalSteps: 180 },
    },
  },
  {
    name: 'warmup from 10% then step',
    spec: {
      policy: 'warmup',
      warmupSteps: 25,
      startFactor: 0.1,
      schedule: { policy: 'step', lr: 0.1, stepSize: 40, gamma: 0.5 },
    },
  },
  {
    name: 'sequence constant then cosine',
    spec: {
      policy: 'sequence',
      schedules: [
        { policy: 'constant', lr: 0.1 },
        { policy: 'cosine', lr: 0.1, totalSteps: 100 },
      ],
      boundaries: [50],
    },
  },
];

/** Steps of each example the golden records (every step up to 250, then a stride). */
export function goldenSteps(totalSteps: number): number[] {
  const stride = Math.max(1, Math.ceil(totalSteps / 250));
  const steps: number[] = [];
  for (let step = 0; step < totalSteps; step += stride) steps.push(step);
  if (steps[steps.length - 1] !== totalSteps - 1) steps.push(totalSteps - 1);
  return steps;
}
