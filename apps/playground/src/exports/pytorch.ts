import { fromSpec, type PolicySpec } from '@cyclr/core';
import { pythonCall, pythonLiteral } from './python-literals.js';

/** A cyclr spec with no `torch.optim.lr_scheduler` equivalent (the message says why). */
export class PytorchExportError extends Error {
  override readonly name = 'PytorchExportError';
}

/** One torch scheduler expression and what it needs from the optimizer it drives. */
interface TorchScheduler {
  /** Python expression building the scheduler on `optimizer`. */
  readonly expression: string;
  /**
   * The optimizer lr the scheduler scales (its `base_lrs`): decays multiply the optimizer's
   * initial lr, so parts of one SequentialLR must agree on it. `undefined` when the scheduler
   * sets its own rates (CyclicLR, OneCycleLR).
   */
  readonly optimizerLr: number | undefined;
  /** First rate, for the optimizer's `lr=` when no part fixes it. */
  readonly firstLr: number;
  /** SGD momentum the optimizer starts with, when the scheduler cycles momentum. */
  readonly momentum: number | undefined;
}

type Params = Readonly<Record<string, unknown>>;
type Translator = (params: Params, indent: string) => TorchScheduler;

const num = (params: Params, name: string): number => params[name] as number;

function decay(className: string, kwargs: (params: Params) => Record<string, unknown>): Translator {
  return (params, indent) => ({
    expression: pythonCall(`lr_scheduler.${className}`, ['optimizer'], kwargs(params), indent),
    optimizerLr: num(params, 'lr'),
    firstLr: num(params, 'lr'),
    momentum: undefined,
  });
}

const cyclicModes: Readonly<Record<string, string>> = {
  triangular: 'triangular',
  triangular2: 'triangular2',
  expRange: 'exp_range',
};

const cyclicLr: Translator = (params, indent) => {
  const policy = params.policy as string;
  const cycleMomentum = params.baseMomentum !== undefined && params.maxMomentum !== undefined;
  const kwargs: Record<string, unknown> = {
    base_lr: params.baseLr,
    max_lr: params.maxLr,
    step_size_up: params.stepSize,
    step_size_down: params.stepSizeDown,
    mode: cyclicModes[policy],
  };
  if (policy === 'expRange') kwargs.gamma = params.gamma;
  kwargs.cycle_momentum = cycleMomentum;
  if (cycleMomentum) {
    kwargs.base_momentum = params.baseMomentum;
    kwargs.max_momentum = params.maxMomentum;
  }
  return {
    expression: pythonCall('lr_scheduler.CyclicLR', ['optimizer'], kwargs, indent),
    optimizerLr: undefined,
    firstLr: num(params, 'baseLr'),
    momentum: cycleMomentum ? num(params, 'maxMomentum') : undefined,
  };
};

const oneCycleLr: Translator = (params, indent) => {
  const cycleMomentum = params.cycleMomentum as boolean;
  const kwargs: Record<string, unknown> = {
    max_lr: params.maxLr,
    total_steps: params.totalSteps,
    pct_start: params.pctStart,
    anneal_strategy: params.anneal,
    div_factor: params.divFactor,
    final_div_factor: params.finalDivFactor,
    three_phase: params.threePhase,
    cycle_momentum: cycleMomentum,
  };
  if (cycleMomentum) {
    kwargs.base_momentum = params.baseMomentum;
    kwargs.max_momentum = params.maxMomentum;
  }
  return {
    expression: pythonCall('lr_scheduler.OneCycleLR', ['optimizer'], kwargs, indent),
    optimizerLr: undefined,
    firstLr: num(params, 'maxLr') / num(params, 'divFactor'),
    momentum: cycleMomentum ? num(params, 'maxMomentum') : undefined,
  };
};

/** The optimizer lr the parts of a SequentialLR share; throws when two decays disagree. */
function sharedLr(policy: string, parts: readonly TorchScheduler[]): number | undefined {
  const lrs = new Set(
    parts.flatMap((part) => (part.optimizerLr === undefined ? [] : [part.optimizerLr])),
  );
  if (lrs.size > 1) {
    throw new PytorchExportError(
      `${policy}: the PyTorch schedulers in one SequentialLR all scale the optimizer's one initial lr, but these parts start from different rates (${[...lrs].join(', ')}); give them the same lr`,
    );
  }
  return [...lrs][0];
}

function sharedMomentum(parts: readonly TorchScheduler[]): number | undefined {
  return parts.find((part) => part.momentum !== undefined)?.momentum;
}

const warmupLr: Translator = (params, indent) => {
  const inner = translate(params.schedule as PolicySpec, `${indent}        `);
  const warmupSteps = num(params, 'warmupSteps');
  const startFactor = num(params, 'startFactor');
  const peak = fromSpec(params.schedule as PolicySpec).lr(0);
  // LinearLR needs start_factor > 0; a ramp from zero is the same line written as a LambdaLR.
  const ramp =
    startFactor > 0
      ? pythonCall(
          'lr_scheduler.LinearLR',
          ['optimizer'],
          { start_factor: startFactor, end_factor: 1, total_iters: warmupSteps },
          `${indent}        `,
        )
      : `lr_scheduler.LambdaLR(optimizer, lambda step: step / ${pythonLiteral(warmupSteps)})`;
  const rampPart: TorchScheduler = {
    expression: ramp,
    optimizerLr: peak,
    firstLr: peak * startFactor,
    momentum: undefined,
  };
  const parts = [rampPart, inner];
  return sequential('warmup', parts, [warmupSteps], indent);
};

const sequenceLr: Translator = (params, indent) => {
  const specs = params.schedules as readonly PolicySpec[];
  const parts = specs.map((spec) => translate(spec, `${indent}        `));
  return sequential('sequence', parts, params.boundaries as readonly number[], indent);
};

function sequential(
  policy: string,
  parts: readonly TorchScheduler[],
  milestones: readonly number[],
  indent: string,
): TorchScheduler {
  const optimizerLr = sharedLr(policy, parts);
  const schedulers = parts.map((part) => `${indent}        ${part.expression},`).join('\n');
  const expression = [
    'lr_scheduler.SequentialLR(',
    `${indent}    optimizer,`,
    `${indent}    schedulers=[`,
    schedulers,
    `${indent}    ],`,
    `${indent}    milestones=${pythonLiteral([...milestones])},`,
    `${indent})`,
  ].join('\n');
  return {
    expression,
    optimizerLr,
    firstLr: (parts[0] as TorchScheduler).firstLr,
    momentum: sharedMomentum(parts),
  };
}

/** cyclr policy name -> how to write it with torch.optim.lr_scheduler. */
const translators: Readonly<Record<string, Translator>> = {
  // ConstantLR with factor 1 leaves the optimizer's lr alone: a constant schedule.
  constant: decay('ConstantLR', () => ({ factor: 1, total_iters: 0 })),
  step: decay('StepLR', (p) => ({ step_size: p.stepSize, gamma: p.gamma })),
  multiStep: decay('MultiStepLR', (p) => ({ milestones: p.milestones, gamma: p.gamma })),
  exponential: decay('ExponentialLR', (p) => ({ gamma: p.gamma })),
  cosine: decay('CosineAnnealingLR', (p) => ({ T_max: p.totalSteps, eta_min: p.minLr })),
  cosineRestarts: (params, indent) => {
    // CosineAnnealingWarmRestarts has no decaying peak (Keras m_mul / timm cycle_decay).
    if (params.cycleDecay !== undefined && params.cycleDecay !== 1) {
      throw new PytorchExportError(
        'cosineRestarts: torch.optim.lr_scheduler has no restart schedule with a decaying peak (cycleDecay); timm CosineLRScheduler(cycle_decay=...) has one',
      );
    }
    return decay('CosineAnnealingWarmRestarts', (p) => ({
      T_0: p.firstCycleSteps,
      T_mult: p.cycleMult,
      eta_min: p.minLr,
    }))(params, indent);
  },
  polynomial: decay('PolynomialLR', (p) => ({ total_iters: p.totalSteps, power: p.power })),
  linear: decay('LinearLR', (p) => ({
    start_factor: p.startFactor,
    end_factor: p.endFactor,
    total_iters: p.totalSteps,
  })),
  triangular: cyclicLr,
  triangular2: cyclicLr,
  expRange: cyclicLr,
  oneCycle: oneCycleLr,
  warmup: warmupLr,
  sequence: sequenceLr,
};

/** Why the policies PyTorch lacks have no export. */
const unsupported: Readonly<Record<string, string>> = {
  cyclic:
    'cyclic: PyTorch takes a custom scale_fn as a Python function; use triangular, triangular2 or expRange, or write the CyclicLR scale_fn by hand',
  scale: 'scale: torch.optim.lr_scheduler has no scheduler that multiplies another one',
  clamp: 'clamp: torch.optim.lr_scheduler has no scheduler that clamps another one',
  inverseSqrt:
    "inverseSqrt: torch.optim.lr_scheduler has none; transformers' get_inverse_sqrt_schedule(optimizer, num_warmup_steps, timescale) gives the same values",
  inverseTime: 'inverseTime: torch.optim.lr_scheduler has none (it is Keras InverseTimeDecay)',
  warmupStableDecay:
    "warmupStableDecay: torch.optim.lr_scheduler has none; transformers' get_wsd_schedule gives the same values",
  noise:
    "noise: torch.optim.lr_scheduler has none (timm's schedulers take noise_range_t, noise_pct, noise_seed)",
};

function translate(spec: PolicySpec, indent: string): TorchScheduler {
  const full = fromSpec(spec).toJSON();
  const translator = translators[full.policy];
  if (translator === undefined) {
    throw new PytorchExportError(
      unsupported[full.policy] ??
        `${full.policy}: no torch.optim.lr_scheduler equivalent is known for this policy`,
    );
  }
  return translator(full, indent);
}

/** Policies the PyTorch export writes (combinators only when their parts are exportable). */
export const pytorchPolicies: readonly string[] = Object.keys(translators);

/** Steps the generated loop runs: the schedule's length, or three cycles / 1000 steps. */
export function pytorchSteps(spec: PolicySpec): number {
  const schedule = fromSpec(spec);
  return schedule.totalSteps ?? 1000;
}

/** The generated Python, split where the training loop starts (the golden runs the setup). */
export interface PytorchCode {
  /** Imports, model, optimizer and scheduler. */
  readonly setup: string;
  /** The training loop that steps the scheduler once per batch. */
  readonly loop: string;
  /** `setup` + `loop`: what the page shows and copies. */
  readonly code: string;
}

/**
 * PyTorch code for a cyclr spec with `torch.optim.lr_scheduler` (SequentialLR for warmup and
 * sequence), stepped once per batch as cyclr counts steps.
 *
 * @throws {@link PytorchExportError} when PyTorch has no equivalent (the message says why).
 */
export function toPytorch(spec: PolicySpec): PytorchCode {
  const scheduler = translate(spec, '');
  const lr = scheduler.optimizerLr ?? scheduler.firstLr;
  const optimizerArgs: Record<string, unknown> = { lr };
  if (scheduler.momentum !== undefined) optimizerArgs.momentum = scheduler.momentum;
  const setup = [
    'import torch',
    'from torch.optim import SGD, lr_scheduler',
    '',
    `# cyclr spec: ${JSON.stringify(fromSpec(spec).toJSON())}`,
    'model = torch.nn.Linear(784, 10)  # your model',
    `optimizer = ${pythonCall('SGD', ['model.parameters()'], optimizerArgs)}`,
    `scheduler = ${scheduler.expression}`,
    '',
    '',
  ].join('\n');
  const loop = [
    `for step in range(${pytorchSteps(spec)}):`,
    '    ...  # forward pass, loss.backward()',
    '    optimizer.step()',
    "    scheduler.step()  # once per batch: cyclr's step counts optimizer updates",
    '',
  ].join('\n');
  return { setup, loop, code: setup + loop };
}
