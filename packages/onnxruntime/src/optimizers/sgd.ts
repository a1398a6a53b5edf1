import { scaledScalar } from './scaled-scalar.js';
import {
  checkHyperParameter,
  DEFAULT_UPDATE_SETTINGS,
  nextName,
  type OptimizerGraph,
  type ScheduledInputs,
  type SgdOptions,
  scalarInput,
} from './types.js';

/**
 * The in-graph SGD update (see {@link SgdOptions}). Inputs: `learning_rate`, `momentum`, and
 * `weight_decay` when it is scheduled (otherwise a constant, left out when 0).
 */
export function sgdGraph(
  options: SgdOptions,
  scheduled: ScheduledInputs = new Set(),
): OptimizerGraph {
  const momentum = options.momentum ?? 0;
  const weightDecay = options.weightDecay ?? 0;
  const nesterov = options.nesterov ?? false;
  checkHyperParameter(
    'sgd',
    'momentum',
    momentum,
    Number.isFinite(momentum) && momentum >= 0,
    'a number >= 0',
  );
  checkHyperParameter(
    'sgd',
    'weightDecay',
    weightDecay,
    Number.isFinite(weightDecay) && weightDecay >= 0,
    'a number >= 0',
  );
  const scheduledDecay = scheduled.has('weightDecay');
  return {
    inputs: [
      scalarInput('learning_rate'),
      scalarInput('momentum'),
      ...(scheduledDecay ? [scalarInput('weight_decay')] : []),
    ],
    defaultMomentum: momentum,
    stateNames: (param) => [`${param}.velocity`],
    controls: options,
    update(param, grad, emit, settings = DEFAULT_UPDATE_SETTINGS) {
      const velocity = `${param}.velocity`;
      const fixedDecay = settings.weightDecay ?? (scheduledDecay ? undefined : weightDecay);
      const decay =
        fixedDecay === undefined
          ? emit.op('Mul', [param, 'weight_decay'])
          : fixedDecay
            ? emit.op('Mul', [param, emit.float([fixedDecay])])
            : undefined;
      const lr = scaledScalar(emit, 'learning_rate', settings.lrMultiplier);
      const carried = emit.op('Mul', [velocity, 'momentum']);
      let v: string;
      let direction: string;
      if (nesterov) {
        const g = decay ? emit.op('Add', [grad, decay]) : grad;
        v = emit.add(carried, g, nextName(velocity));
        direction = emit.op('Add', [g, emit.op('Mul', [v, 'momentum'])]);
      } else {
        // v = (momentum * v + weightDecay * p) + g, so the gradient's Gemm can add it in place.
        v = emit.add(decay ? emit.op('Add', [carried, decay]) : carried, grad, nextName(velocity));
        direction = v;
      }
      const p = emit.op(
        'Sub',
        [param, emit.op('Mul', [direction, lr])],
        undefined,
        nextName(param),
      );
      return { param: p, states: [v] };
    },
    writeFeeds(hyper, _step, into) {
      (into.learning_rate as Float32Array)[0] = hyper.learningRate;
      (into.momentum as Float32Array)[0] = hyper.momentum;
      if (scheduledDecay) {
        (into.weight_decay as Float32Array)[0] = hyper.weightDecay ?? weightDecay;
      }
    },
  };
}
