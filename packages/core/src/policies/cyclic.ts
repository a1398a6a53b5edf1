import { definePolicy, type ParamDefs } from '../definition.js';
import { invalid, type ParamDef, param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule, ScheduleFn, ScheduleParts } from '../types.js';

/** Bounds and cycle shape shared by every cyclical policy (Smith 2017, PyTorch `CyclicLR`). */
export interface CyclicBoundsOptions {
  /** Lower learning-rate bound, reached at the start and end of every cycle. */
  readonly baseLr: number;
  /** Upper learning-rate bound, reached after `stepSize` steps of each cycle (before scaling). */
  readonly maxLr: number;
  /** Steps in the rising half of a cycle. Default 2000 (PyTorch's `step_size_up`). */
  readonly stepSize?: number;
  /** Steps in the falling half of a cycle. Default: `stepSize`. */
  readonly stepSizeDown?: number;
  /**
   * Momentum at the top of the lr cycle; momentum cycles inversely between this and
   * `maxMomentum`. Momentum is cycled only when both bounds are given.
   */
  readonly baseMomentum?: number;
  /** Momentum at the bottom of the lr cycle (the start and end of every cycle). */
  readonly maxMomentum?: number;
}

/** Options of {@link triangular} and {@link triangular2}. */
export type TriangularOptions = CyclicBoundsOptions;

/** Options of {@link expRange}. */
export interface ExpRangeOptions extends CyclicBoundsOptions {
  /** Amplitude factor per step: the amplitude at step t is `gamma ** t`. Default 1. */
  readonly gamma?: number;
}

/** A scale function: the amplitude multiplier as a function of the cycle (1-based) or step. */
export type ScaleFn = (x: number) => number;

/** Options of {@link cyclic}: CLR with a custom amplitude scale. */
export interface CyclicOptions extends CyclicBoundsOptions {
  /**
   * Amplitude multiplier. A function of `x`, or a schedule spec whose `lr` is evaluated at `x`
   * (so it can be written as JSON, e.g. `{"policy": "exponential", "lr": 1, "gamma": 0.5}`).
   */
  readonly scaleFn: ScaleFn | Schedule | { readonly policy: string };
  /**
   * What `x` is: `"cycle"`, the 1-based cycle number (constant within a cycle), or
   * `"iterations"`, the step. Default `"cycle"`.
   */
  readonly scaleMode?: 'cycle' | 'iterations';
}

interface ParsedCyclic {
  readonly baseLr: number;
  readonly maxLr: number;
  readonly stepSize: number;
  readonly stepSizeDown: number;
  readonly baseMomentum: number | undefined;
  readonly maxMomentum: number | undefined;
}

const boundsParams: ParamDefs<ParsedCyclic> = {
  baseLr: param.positive({ doc: 'lower learning-rate bound' }),
  maxLr: param.positive({ doc: 'upper learning-rate bound (>= baseLr)' }),
  stepSize: param.positiveInteger({ doc: 'steps in the rising half of a cycle', default: 2000 }),
  stepSizeDown: param.positiveInteger({
    doc: 'steps in the falling half of a cycle',
    default: (resolved) => resolved.stepSize as number,
    defaultDoc: '= stepSize',
  }),
  baseMomentum: param.momentum({
    doc: 'momentum at the lr peak (momentum cycles only when both bounds are given)',
    optional: true,
  }),
  maxMomentum: param.momentum({ doc: 'momentum at the lr minimum', optional: true }),
};

function checkBounds(params: ParsedCyclic, fail: (param: string, message: string) => never): void {
  if (params.maxLr < params.baseLr) {
    fail('maxLr', `expected maxLr >= baseLr (${params.baseLr}), got ${params.maxLr}`);
  }
  const { baseMomentum, maxMomentum } = params;
  if ((baseMomentum === undefined) !== (maxMomentum === undefined)) {
    const missing = baseMomentum === undefined ? 'baseMomentum' : 'maxMomentum';
    fail(missing, `expected ${missing} to be given too: momentum cycles only with both bounds`);
  }
  if (baseMomentum !== undefined && maxMomentum !== undefined && maxMomentum < baseMomentum) {
    fail(
      'maxMomentum',
      `expected maxMomentum >= baseMomentum (${baseMomentum}), got ${maxMomentum}`,
    );
  }
}

/**
 * PyTorch's `CyclicLR.get_lr` in closed form, with the same operation order so values agree
 * to the last bit or so:
 *
 *   total  = stepSize + stepSizeDown,   ratio = stepSize / total
 *   cycle  = floor(1 + t / total)
 *   x      = 1 + t / total - cycle                      (position in the cycle, 0..1)
 *   f      = x <= ratio ? x / ratio : (x - 1) / (ratio - 1)
 *   lr     = baseLr + (maxLr - baseLr) * f * scale(mode == "cycle" ? cycle : t)
 *   mom    = maxMomentum - (maxMomentum - baseMomentum) * f * scale(...)
 */
function cyclicParts(
  params: ParsedCyclic,
  scale: ScaleFn,
  mode: 'cycle' | 'iterations',
): ScheduleParts {
  const { baseLr, maxLr, baseMomentum, maxMomentum } = params;
  const totalSize = params.stepSize + params.stepSizeDown;
  const stepRatio = params.stepSize / totalSize;
  const byCycle = mode === 'cycle';
  const lrHeight = maxLr - baseLr;

  const lr: ScheduleFn = (step) => {
    const cycle = Math.floor(1 + step / totalSize);
    const x = 1 + step / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    const baseHeight = lrHeight * scaleFactor;
    return baseLr + baseHeight * scale(byCycle ? cycle : step);
  };

  let momentum: ScheduleFn | undefined;
  if (baseMomentum !== undefined && maxMomentum !== undefined) {
    const momentumHeight = maxMomentum - baseMomentum;
    momentum = (step) => {
      const cycle = Math.floor(1 + step / totalSize);
      const x = 1 + step / totalSize - cycle;
      const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
      const baseHeight = momentumHeight * scaleFactor;
      return maxMomentum - baseHeight * scale(byCycle ? cycle : step);
    };
  }
  return { lr, momentum };
}

const cyclicFormula = `total = stepSize + stepSizeDown; cycle = floor(1 + t / total); x = 1 + t / total - cycle
f = x <= stepSize/total ? x / (stepSize/total) : (x - 1) / (stepSize/total - 1)
lr(t) = baseLr + (maxLr - baseLr) * f * scale;  momentum(t) = maxMomentum - (maxMomentum - baseMomentum) * f * scale`;

const one: ScaleFn = () => 1;

// 2^-k for every k before 2^-k underflows to 0: exact, and a load instead of V8's slow pow.
let halvings: Float64Array | undefined;
const halvingPerCycle: ScaleFn = (cycle) => {
  halvings ??= Float64Array.from({ length: 1076 }, (_, k) => 1 / 2 ** k);
  return cycle <= 1076 ? (halvings[cycle - 1] as number) : 0;
};

export const triangularPolicy = definePolicy<ParsedCyclic>({
  name: 'triangular',
  summary: 'Cyclical learning rate: linear up from baseLr to maxLr and back, every cycle the same.',
  formula: `${cyclicFormula}\nscale = 1`,
  params: boundsParams,
  check: checkBounds,
  create: (params) => cyclicParts(params, one, 'cycle'),
});

export const triangular2Policy = definePolicy<ParsedCyclic>({
  name: 'triangular2',
  summary: 'Cyclical learning rate whose amplitude halves every cycle.',
  formula: `${cyclicFormula}\nscale = 1 / 2^(cycle - 1)`,
  params: boundsParams,
  check: checkBounds,
  create: (params) => cyclicParts(params, halvingPerCycle, 'cycle'),
});

interface ParsedExpRange extends ParsedCyclic {
  readonly gamma: number;
}

export const expRangePolicy = definePolicy<ParsedExpRange>({
  name: 'expRange',
  summary: 'Cyclical learning rate whose amplitude decays by gamma every step.',
  formula: `${cyclicFormula}\nscale = gamma^t`,
  params: {
    ...boundsParams,
    gamma: param.positive({ doc: 'amplitude factor per step', default: 1 }),
  },
  check: checkBounds,
  create: (params) => {
    // exp(t ln gamma) rather than gamma ** t: V8's pow is ~5x slower; ~|t ln gamma| ulps apart.
    const logGamma = Math.log(params.gamma);
    return cyclicParts(params, (step) => Math.exp(step * logGamma), 'iterations');
  },
});

interface ParsedCustomCyclic extends ParsedCyclic {
  readonly scaleFn: ScaleFn | Schedule;
  readonly scaleMode: 'cycle' | 'iterations';
}

const scaleFnParam: ParamDef<ScaleFn | Schedule> = {
  expected: 'a function of x or a schedule spec',
  doc: 'amplitude multiplier as a function of x (a function, or a spec evaluated at x)',
  parse: (value, context) => {
    if (typeof value === 'function') return value as ScaleFn;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return context.toSchedule(value as Schedule);
    }
    return invalid;
  },
  serialize: (value) => (value as Schedule).toJSON(),
};

export const cyclicPolicy = definePolicy<ParsedCustomCyclic>({
  name: 'cyclic',
  summary: 'Cyclical learning rate with a custom amplitude scale (PyTorch scale_fn/scale_mode).',
  formula: `${cyclicFormula}\nscale = scaleFn(scaleMode == "cycle" ? cycle : t)`,
  params: {
    ...boundsParams,
    scaleFn: scaleFnParam,
    scaleMode: param.oneOf(['cycle', 'iterations'] as const, {
      doc: 'x is the 1-based cycle number ("cycle") or the step ("iterations")',
      default: 'cycle',
    }),
  },
  check: checkBounds,
  create: (params) => {
    const { scaleFn } = params;
    const scale: ScaleFn = typeof scaleFn === 'function' ? scaleFn : scaleFn.lr;
    return cyclicParts(params, scale, params.scaleMode);
  },
});

/**
 * Triangular cyclical learning rate (Smith, "Cyclical Learning Rates for Training Neural
 * Networks", arXiv 1506.01186): the rate rises linearly from `baseLr` to `maxLr` over
 * `stepSize` steps and falls back over `stepSizeDown`, forever. Same values as PyTorch's
 * `CyclicLR(mode="triangular")`.
 *
 * @example
 * const s = triangular({ baseLr: 0.001, maxLr: 0.006, stepSize: 2000 });
 * s.lr(0);    // 0.001
 * s.lr(1000); // 0.0035
 * s.lr(2000); // 0.006
 * s.lr(4000); // 0.001 (one full cycle)
 */
export function triangular(options: TriangularOptions): Schedule {
  return buildSchedule(triangularPolicy, options);
}

/**
 * Like {@link triangular}, but the amplitude `maxLr - baseLr` halves after every cycle
 * (PyTorch `CyclicLR(mode="triangular2")`).
 *
 * @example
 * const s = triangular2({ baseLr: 0.001, maxLr: 0.006, stepSize: 2000 });
 * s.lr(2000); // 0.006
 * s.lr(6000); // 0.0035 (second peak: half the amplitude)
 */
export function triangular2(options: TriangularOptions): Schedule {
  return buildSchedule(triangular2Policy, options);
}

/**
 * Like {@link triangular}, but the amplitude is multiplied by `gamma ** step`
 * (PyTorch `CyclicLR(mode="exp_range")`).
 *
 * @example
 * const s = expRange({ baseLr: 0.001, maxLr: 0.006, stepSize: 2000, gamma: 0.99994 });
 * s.lr(2000); // 0.001 + 0.005 * 0.99994 ** 2000 ≈ 0.005434
 */
export function expRange(options: ExpRangeOptions): Schedule {
  return buildSchedule(expRangePolicy, options);
}
