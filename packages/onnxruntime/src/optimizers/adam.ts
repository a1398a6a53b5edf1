import type { AdamOptions, OptimizerGraph, ScheduledInputs } from './types.js';
import { nextName } from './types.js';

function check(type: string, name: string, value: number, ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`${type}: expected ${name} to be ${what}, got ${value}`);
}

/**
 * The in-graph Adam/AdamW update (see {@link AdamOptions}).
 * Inputs: `learning_rate`, `beta1`, `step` (t, the 1-based update count, for bias correction),
 * and `weight_decay` / `beta2` when scheduled (otherwise constants). A scheduled beta2 enters
 * the bias correction as `1 - beta2^t` with the current beta2, as PyTorch's Adam computes it
 * from its param group.
 */
export function adamGraph(
  options: AdamOptions,
  scheduled: ScheduledInputs = new Set(),
): OptimizerGraph {
  const { type } = options;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const weightDecay = options.weightDecay ?? (type === 'adamw' ? 0.01 : 0);
  check(type, 'beta1', beta1, beta1 >= 0 && beta1 < 1, 'in [0, 1)');
  check(type, 'beta2', beta2, beta2 >= 0 && beta2 < 1, 'in [0, 1)');
  check(type, 'epsilon', epsilon, epsilon > 0, 'a number > 0');
  check(type, 'weightDecay', weightDecay, weightDecay >= 0, 'a number >= 0');
  const scalar = (name: string) => ({ name, dtype: 'float32' as const, shape: [1] });
  const scheduledDecay = scheduled.has('weightDecay');
  const scheduledBeta2 = scheduled.has('beta2');
  // Bias-correction terms are shared by every parameter; emitted once, on first use.
  let shared: { lrOverBc1: string; sqrtBc2: string; decay?: string } | undefined;
  return {
    inputs: [
      scalar('learning_rate'),
      scalar('beta1'),
      scalar('step'),
      ...(scheduledDecay ? [scalar('weight_decay')] : []),
      ...(scheduledBeta2 ? [scalar('beta2'), scalar('one_minus_beta2')] : []),
    ],
    defaultMomentum: beta1,
    stateNames: (param) => [`${param}.exp_avg`, `${param}.exp_avg_sq`],
    update(param, grad, emit) {
      const one = emit.float([1]);
      // Scheduled values are graph inputs; fixed ones stay constants, emitted only where used.
      const beta2Value = () => (scheduledBeta2 ? 'beta2' : emit.float([beta2]));
      // 1 - beta2 is fed, computed in float64 like the constant: in float32 (1 - 0.999 is off by
      // 1.3e-5 relative) Adam's updates drift measurably from the fixed-beta2 graph's.
      const oneMinusBeta2 = () => (scheduledBeta2 ? 'one_minus_beta2' : emit.float([1 - beta2]));
      const decayValue = () => (scheduledDecay ? 'weight_decay' : emit.float([weightDecay]));
      if (shared === undefined) {
        const bc1 = emit.op('Sub', [one, emit.op('Pow', ['beta1', 'step'])]);
        const bc2 = emit.op('Sub', [one, emit.op('Pow', [beta2Value(), 'step'])]);
        shared = {
          lrOverBc1: emit.op('Div', ['learning_rate', bc1]),
          sqrtBc2: emit.op('Sqrt', [bc2]),
          ...(type === 'adamw' && (weightDecay || scheduledDecay)
            ? { decay: emit.op('Sub', [one, emit.op('Mul', ['learning_rate', decayValue()])]) }
            : {}),
        };
      }
      const m = `${param}.exp_avg`;
      const v = `${param}.exp_avg_sq`;
      const g =
        type === 'adam' && (weightDecay || scheduledDecay)
          ? emit.op('Add', [grad, emit.op('Mul', [param, decayValue()])])
          : grad;
      const oneMinusBeta1 = emit.op('Sub', [one, 'beta1']);
      const mNew = emit.op(
        'Add',
        [emit.op('Mul', [m, 'beta1']), emit.op('Mul', [g, oneMinusBeta1])],
        undefined,
        nextName(m),
      );
      const vNew = emit.op(
        'Add',
        [
          emit.op('Mul', [v, beta2Value()]),
          emit.op('Mul', [emit.op('Mul', [g, g]), oneMinusBeta2()]),
        ],
        undefined,
        nextName(v),
      );
      const denom = emit.op('Add', [
        emit.op('Div', [emit.op('Sqrt', [vNew]), shared.sqrtBc2]),
        emit.float([epsilon]),
      ]);
      const stepValue = emit.op('Mul', [emit.op('Div', [mNew, denom]), shared.lrOverBc1]);
      const base = shared.decay ? emit.op('Mul', [param, shared.decay]) : param;
      const p = emit.op('Sub', [base, stepValue], undefined, nextName(param));
      return { param: p, states: [mNew, vNew] };
    },
    feeds: (hyper, step) => ({
      learning_rate: new Float32Array([hyper.learningRate]),
      beta1: new Float32Array([hyper.momentum]),
      step: new Float32Array([step + 1]),
      ...(scheduledDecay
        ? { weight_decay: new Float32Array([hyper.weightDecay ?? weightDecay]) }
        : {}),
      ...(scheduledBeta2
        ? {
            beta2: new Float32Array([hyper.beta2 ?? beta2]),
            one_minus_beta2: new Float32Array([1 - (hyper.beta2 ?? beta2)]),
          }
        : {}),
    }),
  };
}
