import { type PolicySpec, type Schedule, type ScheduleBundle, scheduleBundle } from '@cyclr/core';
import { hyperParamWriter, type OptimizerKind } from './optimizers.js';
import type { OptimizerLike } from './tfjs-types.js';

/**
 * The plain-number fields each tfjs 4.22 optimizer reads in every `applyGradients`, by bundle
 * name, found in `@tensorflow/tfjs-core/src/optimizers/*_optimizer.ts` and confirmed by the
 * weight update (`bind-bundle.test.ts`: writing the field between two steps changes the second
 * update). `lr` and `momentum` go through the same writer as `bindSchedule` (SGD and
 * Momentum freeze them in scalars). Not schedulable in tfjs: weight decay (no tfjs optimizer
 * has one), Adagrad's `initialAccumulatorValue` (read once), Adamax's `decay`, and Adadelta's
 * `rho` and `epsilon`: they are read, but tfjs's Adadelta divides by the accumulated gradient
 * from before the step, so both accumulators follow the same recursion and every update is
 * exactly the gradient times lr, whatever rho and epsilon are (measured in the test).
 */
const FIELDS: Readonly<Record<OptimizerKind, Readonly<Record<string, string>>>> = {
  sgd: {},
  momentum: {},
  adam: { beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
  adamax: { beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
  rmsprop: { rho: 'decay', epsilon: 'epsilon' },
  adagrad: {},
  adadelta: {},
};

/** The names {@link bindBundle} accepts for an optimizer kind. */
export function schedulableNames(kind: OptimizerKind): readonly string[] {
  const momentum = kind === 'sgd' || kind === 'adagrad' || kind === 'adadelta' ? [] : ['momentum'];
  return ['lr', ...momentum, ...Object.keys(FIELDS[kind])];
}

/** A bundle attached to one tfjs optimizer; see {@link bindBundle}. */
export interface BundleBinding {
  readonly bundle: ScheduleBundle;
  readonly optimizerKind: OptimizerKind;
  /** Writes every value at `step` into the optimizer (before the update); returns them. */
  apply(step: number): Record<string, number>;
}

/**
 * Attaches a schedule bundle (`scheduleBundle` of `@cyclr/core`, or its JSON) to a tfjs
 * optimizer: before each update, `apply(step)` writes each scheduled hyper-parameter where that
 * optimizer reads it. Names by optimizer: all take `lr`; momentum and rmsprop `momentum`;
 * adam and adamax `momentum` or `beta1` (the same field), `beta2`, `epsilon`; rmsprop `rho`
 * (its `decay`), `epsilon`. Any other name throws, naming the ones
 * this optimizer takes (so a `weightDecay` schedule is not silently dropped).
 *
 * @example
 * const optimizer = tf.train.adam(1e-3);
 * const binding = bindBundle(optimizer, {
 *   lr: { policy: 'oneCycle', maxLr: 3e-3, totalSteps: 5000 },   // also cycles beta1
 *   beta2: { policy: 'linear', lr: 0.99, startFactor: 1, endFactor: 0.999 / 0.99, totalSteps: 5000 },
 * });
 * for (let step = 0; step < 5000; step++) {
 *   binding.apply(step);
 *   optimizer.minimize(() => loss(model, nextBatch()));
 * }
 */
export function bindBundle(
  optimizer: OptimizerLike,
  bundleOrEntries: ScheduleBundle | Readonly<Record<string, Schedule | PolicySpec>>,
): BundleBinding {
  const bundle = isBundle(bundleOrEntries)
    ? bundleOrEntries
    : scheduleBundle(bundleOrEntries as Readonly<Record<string, Schedule | PolicySpec>>);
  const writer = hyperParamWriter('bindBundle', optimizer);
  const kind = writer.kind;
  const accepted = schedulableNames(kind);
  const names = [...bundle.names, ...(bundle.schedules.lr?.momentum ? ['momentum'] : [])];
  for (const name of names) {
    if (accepted.includes(name)) continue;
    const hint =
      name === 'weightDecay'
        ? ' (no tfjs optimizer has weight decay; add it to the loss, or use @cyclr/onnxruntime)'
        : '';
    throw new TypeError(
      `bindBundle: the ${kind} optimizer of tfjs does not read "${name}"${hint}; it takes ${accepted.join(', ')}`,
    );
  }
  if (names.includes('momentum') && names.includes('beta1')) {
    throw new TypeError(
      `bindBundle: expected one of momentum and beta1 for the ${kind} optimizer (they are the same field), got both`,
    );
  }
  const fields = FIELDS[kind];
  const o = optimizer as unknown as Record<string, number>;
  return {
    bundle,
    optimizerKind: kind,
    apply(step: number): Record<string, number> {
      const values = bundle.at(step);
      for (const [name, value] of Object.entries(values)) {
        if (!Number.isFinite(value)) {
          throw new RangeError(
            `bindBundle: expected ${name} at step ${step} to be a finite number, got ${value}`,
          );
        }
        if (name === 'lr') writer.setLearningRate(value);
        else if (name === 'momentum') writer.setMomentum(value);
        else o[fields[name] as string] = value;
      }
      return values;
    },
  };
}

function isBundle(value: unknown): value is ScheduleBundle {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { at?: unknown }).at === 'function' &&
    Array.isArray((value as { names?: unknown }).names)
  );
}
