import { scaledScalar } from './scaled-scalar.js';
import type { AdamOptions, OptimizerGraph, ScheduledInputs } from './types.js';
import { checkHyperParameter, DEFAULT_UPDATE_SETTINGS, nextName, scalarInput } from './types.js';

/**
 * The in-graph Adam/AdamW update (see {@link AdamOptions}).
 *
 * Everything that depends only on the step (the bias corrections `1 - beta1^t`, `1 - beta2^t`,
 * the step size and AdamW's decay factor) is computed here on the host in double and fed as
 * float32 scalars, the way PyTorch computes them in Python floats: in float32 inside the graph,
 * `1 - beta2^t` loses most of its digits for small t and the weights drift by ~1e-3 in 50 steps.
 * Inputs: `beta1`, `one_minus_beta1`, `step_size` (lr / (1 - beta1^t)), `sqrt_bias_correction2`,
 * and for AdamW with weight decay `decay_factor` (1 - lr * weightDecay). When scheduled,
 * `weight_decay` (Adam's coupled decay) and `beta2` / `one_minus_beta2` are inputs too; a
 * scheduled beta2 enters the bias correction as `1 - beta2^t` with the current beta2, as
 * PyTorch's Adam computes it from its param group.
 * A param group's lr multiplier k scales `step_size` by a constant; an AdamW group whose decay
 * rate lr x k x weightDecay differs from the default one reads `learning_rate` as well and
 * forms its own factor 1 - learning_rate x (k x weightDecay) in the graph.
 * The graph keeps no node from one build to the next (a group's scaled `step_size` is shared
 * per emitter), so one optimizer graph can be reused by any number of builds.
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
  checkHyperParameter(type, 'beta1', beta1, beta1 >= 0 && beta1 < 1, 'in [0, 1)');
  checkHyperParameter(type, 'beta2', beta2, beta2 >= 0 && beta2 < 1, 'in [0, 1)');
  checkHyperParameter(type, 'epsilon', epsilon, epsilon > 0, 'a number > 0');
  checkHyperParameter(type, 'weightDecay', weightDecay, weightDecay >= 0, 'a number >= 0');
  const scheduledDecay = scheduled.has('weightDecay');
  const scheduledBeta2 = scheduled.has('beta2');
  const decoupled = type === 'adamw' && (weightDecay > 0 || scheduledDecay);
  const coupled = type === 'adam' && (weightDecay > 0 || scheduledDecay);
  // AdamW groups with a decay rate of their own; each computes 1 - lr * rate from learning_rate.
  const groupDecay =
    type === 'adamw' &&
    (options.paramGroups ?? []).some((g) => {
      const rate = g.weightDecay ?? weightDecay;
      return rate > 0 && ((g.lrMultiplier ?? 1) !== 1 || rate !== weightDecay);
    });
  return {
    inputs: [
      scalarInput('beta1'),
      scalarInput('one_minus_beta1'),
      scalarInput('step_size'),
      scalarInput('sqrt_bias_correction2'),
      ...(decoupled ? [scalarInput('decay_factor')] : []),
      ...(groupDecay ? [scalarInput('learning_rate')] : []),
      ...(coupled && scheduledDecay ? [scalarInput('weight_decay')] : []),
      ...(scheduledBeta2 ? [scalarInput('beta2'), scalarInput('one_minus_beta2')] : []),
    ],
    defaultMomentum: beta1,
    stateNames: (param) => [`${param}.exp_avg`, `${param}.exp_avg_sq`],
    controls: options,
    update(param, grad, emit, settings = DEFAULT_UPDATE_SETTINGS) {
      const m = `${param}.exp_avg`;
      const v = `${param}.exp_avg_sq`;
      const k = settings.lrMultiplier;
      const own = settings.weightDecay;
      let g = grad;
      if (type === 'adam') {
        const decay =
          own !== undefined
            ? own > 0 && emit.float([own])
            : coupled && (scheduledDecay ? 'weight_decay' : emit.float([weightDecay]));
        if (decay) g = emit.op('Add', [grad, emit.op('Mul', [param, decay])]);
      }
      // 1 - beta2 is fed, computed in double like the constant: in float32 (1 - 0.999 is off by
      // 1.3e-5 relative) Adam's updates drift measurably from the fixed-beta2 graph's.
      const beta2Value = scheduledBeta2 ? 'beta2' : emit.float([beta2]);
      const oneMinusBeta2 = scheduledBeta2 ? 'one_minus_beta2' : emit.float([1 - beta2]);
      const mNew = emit.op(
        'Add',
        [emit.op('Mul', [m, 'beta1']), emit.op('Mul', [g, 'one_minus_beta1'])],
        undefined,
        nextName(m),
      );
      const vNew = emit.op(
        'Add',
        [emit.op('Mul', [v, beta2Value]), emit.op('Mul', [emit.op('Mul', [g, g]), oneMinusBeta2])],
        undefined,
        nextName(v),
      );
      const denom = emit.op('Add', [
        emit.op('Div', [emit.op('Sqrt', [vNew]), 'sqrt_bias_correction2']),
        emit.float([epsilon]),
      ]);
      const stepValue = emit.op('Mul', [
        emit.op('Div', [mNew, denom]),
        scaledScalar(emit, 'step_size', k),
      ]);
      let base = param;
      if (type === 'adamw') {
        const rate = k * (own ?? weightDecay);
        if (k === 1 && (own === undefined || (own === weightDecay && !scheduledDecay))) {
          if (decoupled) base = emit.op('Mul', [param, 'decay_factor']);
        } else if (rate > 0) {
          const factor = emit.op('Sub', [
            emit.float([1]),
            scaledScalar(emit, 'learning_rate', rate),
          ]);
          base = emit.op('Mul', [param, factor]);
        }
      }
      const p = emit.op('Sub', [base, stepValue], undefined, nextName(param));
      return { param: p, states: [mNew, vNew] };
    },
    writeFeeds(hyper, step, into) {
      const t = step + 1;
      const lr = hyper.learningRate;
      const b1 = hyper.momentum;
      const b2 = hyper.beta2 ?? beta2;
      const wd = hyper.weightDecay ?? weightDecay;
      // In double, rounded to float32 once on the way in.
      (into.beta1 as Float32Array)[0] = b1;
      (into.one_minus_beta1 as Float32Array)[0] = 1 - b1;
      (into.step_size as Float32Array)[0] = lr / (1 - b1 ** t);
      (into.sqrt_bias_correction2 as Float32Array)[0] = Math.sqrt(1 - b2 ** t);
      if (decoupled) (into.decay_factor as Float32Array)[0] = 1 - lr * wd;
      if (groupDecay) (into.learning_rate as Float32Array)[0] = lr;
      if (coupled && scheduledDecay) (into.weight_decay as Float32Array)[0] = wd;
      if (scheduledBeta2) {
        (into.beta2 as Float32Array)[0] = b2;
        (into.one_minus_beta2 as Float32Array)[0] = 1 - b2;
      }
    },
  };
}
