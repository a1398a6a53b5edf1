import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule, ScheduleFn } from '../types.js';

/** Options of {@link oneCycle}. */
export interface OneCycleOptions {
  /** Peak learning rate, reached after `pctStart` of the steps. */
  readonly maxLr: number;
  /** Steps in the cycle (updates); the final rate is reached at step `totalSteps - 1` and held. */
  readonly totalSteps: number;
  /** Fraction of the steps spent rising to `maxLr`, in (0, 1). Default 0.3. */
  readonly pctStart?: number;
  /** Shape of each phase: `"cos"` (half cosine) or `"linear"`. Default `"cos"`. */
  readonly anneal?: 'cos' | 'linear';
  /** Start rate = maxLr / divFactor. Default 25. */
  readonly divFactor?: number;
  /** Final rate = start rate / finalDivFactor. Default 1e4. */
  readonly finalDivFactor?: number;
  /**
   * Three phases (up, back down to the start rate symmetrically, then annihilate to the final
   * rate) instead of two (up, then down to the final rate). Default false.
   */
  readonly threePhase?: boolean;
  /** Momentum at the lr peak. Default 0.85. */
  readonly baseMomentum?: number;
  /** Momentum at the start and end (lr at its lowest). Default 0.95. */
  readonly maxMomentum?: number;
  /** Cycle momentum inversely to the rate (`momentum` is `undefined` when false). Default true. */
  readonly cycleMomentum?: boolean;
}

interface ParsedOneCycle {
  readonly maxLr: number;
  readonly totalSteps: number;
  readonly pctStart: number;
  readonly anneal: 'cos' | 'linear';
  readonly divFactor: number;
  readonly finalDivFactor: number;
  readonly threePhase: boolean;
  readonly baseMomentum: number;
  readonly maxMomentum: number;
  readonly cycleMomentum: boolean;
}

// PyTorch's `_annealing_cos` / `_annealing_linear`, same operation order.
const annealCos = (start: number, end: number, pct: number): number =>
  end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
const annealLinear = (start: number, end: number, pct: number): number =>
  (end - start) * pct + start;

/**
 * PyTorch `OneCycleLR.get_lr` in closed form: the phases end at (fractional) steps
 * `pctStart*T - 1`, [`2*pctStart*T - 2`,] `T - 1`; within a phase pct = (t - start) / (end - start).
 * Phase boundaries and values live in fixed arrays built once, so evaluating allocates nothing.
 */
function phaseSchedule(
  ends: Float64Array,
  starts: Float64Array,
  targets: Float64Array,
  anneal: typeof annealCos,
  lastStep: number,
): ScheduleFn {
  const lastPhase = ends.length - 1;
  return (step) => {
    // The clamp: PyTorch throws past the end; we hold the value of the last step.
    const t = Math.min(step, lastStep);
    let startStep = 0;
    let i = 0;
    while (i < lastPhase && t > (ends[i] as number)) {
      startStep = ends[i] as number;
      i++;
    }
    const pct = (t - startStep) / ((ends[i] as number) - startStep);
    return anneal(starts[i] as number, targets[i] as number, pct);
  };
}

export const oneCyclePolicy = definePolicy<ParsedOneCycle>({
  name: 'oneCycle',
  summary:
    '1cycle: warm up to maxLr, anneal far below the start; momentum cycles inversely (PyTorch OneCycleLR).',
  formula: `initial = maxLr / divFactor; final = initial / finalDivFactor; T = totalSteps; p = pctStart
two-phase:   initial -> maxLr over steps [0, p*T - 1], maxLr -> final over [p*T - 1, T - 1]
three-phase: initial -> maxLr over [0, p*T - 1], maxLr -> initial over [p*T - 1, 2*p*T - 2], initial -> final over [2*p*T - 2, T - 1]
within a phase from a to b over [s, e]: pct = (t - s) / (e - s); cos: b + (a - b) / 2 * (1 + cos(pi * pct)); linear: a + (b - a) * pct
momentum: maxMomentum -> baseMomentum -> maxMomentum along the same phases (held at maxMomentum in the third)`,
  params: {
    maxLr: param.positive({ doc: 'peak learning rate' }),
    totalSteps: param.positiveInteger({ doc: 'steps in the cycle' }),
    pctStart: param.openFraction({ doc: 'fraction of steps rising to maxLr', default: 0.3 }),
    anneal: param.oneOf(['cos', 'linear'] as const, { doc: 'shape of each phase', default: 'cos' }),
    divFactor: param.positive({ doc: 'start rate = maxLr / divFactor', default: 25 }),
    finalDivFactor: param.positive({
      doc: 'final rate = start rate / finalDivFactor',
      default: 1e4,
    }),
    threePhase: param.boolean({
      doc: 'up, down to the start rate, then annihilate',
      default: false,
    }),
    baseMomentum: param.momentum({ doc: 'momentum at the lr peak', default: 0.85 }),
    maxMomentum: param.momentum({ doc: 'momentum at the start and end', default: 0.95 }),
    cycleMomentum: param.boolean({ doc: 'cycle momentum inversely to lr', default: true }),
  },
  check: ({ totalSteps, pctStart, threePhase, baseMomentum, maxMomentum }, fail) => {
    // The rising phase ends at step pctStart*T - 1; at 0 or below PyTorch divides by zero.
    if (pctStart * totalSteps <= 1) {
      fail(
        'pctStart',
        `expected pctStart * totalSteps > 1 (the rise needs more than one step), got ${pctStart} * ${totalSteps} = ${pctStart * totalSteps}`,
      );
    }
    if (threePhase && 2 * pctStart * totalSteps - 2 >= totalSteps - 1) {
      fail(
        'pctStart',
        `expected 2 * pctStart * totalSteps - 2 < totalSteps - 1 with threePhase (rise and fall must leave room for the last phase), got pctStart ${pctStart} with totalSteps ${totalSteps}`,
      );
    }
    if (maxMomentum < baseMomentum) {
      fail(
        'maxMomentum',
        `expected maxMomentum >= baseMomentum (${baseMomentum}), got ${maxMomentum}`,
      );
    }
  },
  create: (p) => {
    const { maxLr, totalSteps, pctStart, threePhase, baseMomentum, maxMomentum } = p;
    const initialLr = maxLr / p.divFactor;
    const minLr = initialLr / p.finalDivFactor;
    const anneal = p.anneal === 'cos' ? annealCos : annealLinear;
    const lastStep = totalSteps - 1;
    const riseEnd = pctStart * totalSteps - 1;
    const ends = threePhase
      ? Float64Array.of(riseEnd, 2 * pctStart * totalSteps - 2, lastStep)
      : Float64Array.of(riseEnd, lastStep);
    const lrFrom = threePhase
      ? Float64Array.of(initialLr, maxLr, initialLr)
      : Float64Array.of(initialLr, maxLr);
    const lrTo = threePhase
      ? Float64Array.of(maxLr, initialLr, minLr)
      : Float64Array.of(maxLr, minLr);
    const momentumFrom = threePhase
      ? Float64Array.of(maxMomentum, baseMomentum, maxMomentum)
      : Float64Array.of(maxMomentum, baseMomentum);
    const momentumTo = threePhase
      ? Float64Array.of(baseMomentum, maxMomentum, maxMomentum)
      : Float64Array.of(baseMomentum, maxMomentum);
    return {
      lr: phaseSchedule(ends, lrFrom, lrTo, anneal, lastStep),
      momentum: p.cycleMomentum
        ? phaseSchedule(ends, momentumFrom, momentumTo, anneal, lastStep)
        : undefined,
      totalSteps,
    };
  },
});

/**
 * The 1cycle policy (Smith & Topin, "Super-Convergence", arXiv 1708.07120; Smith, arXiv
 * 1803.09820): one cycle over the whole training budget. The rate warms up from
 * `maxLr / divFactor` to `maxLr` over `pctStart` of the steps, then anneals to
 * `maxLr / divFactor / finalDivFactor`, far below the start; momentum moves inversely,
 * `maxMomentum -> baseMomentum -> maxMomentum`. Same lr and momentum (or Adam beta1) as
 * PyTorch's `OneCycleLR(max_lr, total_steps, ...)` at every step; PyTorch throws past the end,
 * this holds the last value.
 *
 *   initial = maxLr / divFactor,  final = initial / finalDivFactor,  T = totalSteps, p = pctStart
 *   two phases:   initial -> maxLr on [0, p*T - 1],  maxLr -> final on [p*T - 1, T - 1]
 *   three phases: initial -> maxLr on [0, p*T - 1],  maxLr -> initial on [p*T - 1, 2p*T - 2],
 *                 initial -> final on [2p*T - 2, T - 1]
 *   in a phase from a to b on [s, e], pct = (t - s) / (e - s):
 *     cos:    b + (a - b) / 2 * (1 + cos(pi * pct))
 *     linear: a + (b - a) * pct
 *
 * @example
 * const s = oneCycle({ maxLr: 0.1, totalSteps: 1000 });
 * s.lr(0);            // 0.004 (= 0.1 / 25)
 * s.lr(299);          // 0.1   (peak at pctStart * totalSteps - 1)
 * s.lr(999);          // 4e-7  (= 0.004 / 1e4)
 * s.momentum?.(0);    // 0.95
 * s.momentum?.(299);  // 0.85
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  return buildSchedule(oneCyclePolicy, options);
}
