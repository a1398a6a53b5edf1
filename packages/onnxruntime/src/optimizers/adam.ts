import type { AdamOptions, OptimizerGraph } from './types.js';
import { nextName } from './types.js';

function check(type: string, name: string, value: number, ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`${type}: expected ${name} to be ${what}, got ${value}`);
}

/**
 * The in-graph Adam/AdamW update (see {@link AdamOptions}).
 * Inputs: `learning_rate`, `beta1`, `step` (t, the 1-based update count, for bias correction).
 */
export function adamGraph(options: AdamOptions): OptimizerGraph {
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
  // Bias-correction terms are shared by every parameter; emitted once, on first use.
  let shared: { lrOverBc1: string; sqrtBc2: string; decay?: string } | undefined;
  return {
    inputs: [scalar('learning_rate'), scalar('beta1'), scalar('step')],
    defaultMomentum: beta1,
    stateNames: (param) => [`${param}.exp_avg`, `${param}.exp_avg_sq`],
    update(param, grad, emit) {
      const one = emit.float([1]);
      if (shared === undefined) {
        const bc1 = emit.op('Sub', [one, emit.op('Pow', ['beta1', 'step'])]);
        const bc2 = emit.op('Sub', [one, emit.op('Pow', [emit.float([beta2]), 'step'])]);
        shared = {
          lrOverBc1: emit.op('Div', ['learning_rate', bc1]),
          sqrtBc2: emit.op('Sqrt', [bc2]),
          ...(type === 'adamw' && weightDecay
            ? {
                decay: emit.op('Sub', [
                  one,
                  emit.op('Mul', ['learning_rate', emit.float([weightDecay])]),
                ]),
              }
            : {}),
        };
      }
      const m = `${param}.exp_avg`;
      const v = `${param}.exp_avg_sq`;
      const g =
        type === 'adam' && weightDecay
          ? emit.op('Add', [grad, emit.op('Mul', [param, emit.float([weightDecay])])])
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
          emit.op('Mul', [v, emit.float([beta2])]),
          emit.op('Mul', [emit.op('Mul', [g, g]), emit.float([1 - beta2])]),
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
    }),
  };
}
