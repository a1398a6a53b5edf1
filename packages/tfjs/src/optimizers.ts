import { keep, scalar } from '@tensorflow/tfjs-core';
import type { OptimizerLike, TensorLike } from './tfjs-types.js';

/** The seven TensorFlow.js optimizers, by their `tf.train.*` factory name. */
export type OptimizerKind =
  | 'sgd'
  | 'momentum'
  | 'adam'
  | 'adamax'
  | 'rmsprop'
  | 'adagrad'
  | 'adadelta';

/** The optimizer field a momentum schedule drives: SGD momentum / RMSProp momentum, or beta1. */
export type MomentumTarget = 'momentum' | 'beta1';

const BY_CLASS_NAME: Readonly<Record<string, OptimizerKind>> = {
  SGD: 'sgd',
  Momentum: 'momentum',
  Adam: 'adam',
  Adamax: 'adamax',
  RMSProp: 'rmsprop',
  Adagrad: 'adagrad',
  Adadelta: 'adadelta',
};

const MOMENTUM_TARGET: Readonly<Record<OptimizerKind, MomentumTarget | undefined>> = {
  sgd: undefined,
  momentum: 'momentum',
  adam: 'beta1',
  adamax: 'beta1',
  rmsprop: 'momentum',
  adagrad: undefined,
  adadelta: undefined,
};

/** The fields of tfjs's optimizers that TypeScript hides (protected) but every step reads. */
interface OptimizerFields {
  learningRate: number;
  setLearningRate?: (lr: number) => void;
  momentum?: number;
  beta1?: number;
  m?: TensorLike;
  accBeta2?: unknown;
  accumulatedWeightedInfNorm?: unknown;
  accumulatedMeanSquares?: unknown;
  rho?: unknown;
  initialAccumulatorValue?: unknown;
  constructor?: { className?: unknown };
}

/**
 * Which of the seven tfjs optimizers this is: by `getClassName()` first, then by its fields
 * (subclasses, renamed classes). Never `instanceof`, which fails across two copies of tfjs.
 * `undefined` for anything else.
 *
 * @example
 * ```ts
 * optimizerKind(tf.train.momentum(0.1, 0.9)); // 'momentum'
 * optimizerKind(tf.train.adam());             // 'adam'
 * ```
 */
export function optimizerKind(optimizer: OptimizerLike): OptimizerKind | undefined {
  const o = optimizer as unknown as OptimizerFields & Partial<OptimizerLike>;
  const className =
    typeof o.getClassName === 'function' ? o.getClassName() : o.constructor?.className;
  if (typeof className === 'string') {
    const kind = BY_CLASS_NAME[className];
    if (kind) return kind;
  }
  if (typeof o.setLearningRate === 'function') return o.m === undefined ? 'sgd' : 'momentum';
  if ('accBeta2' in o) return 'adam';
  if ('accumulatedWeightedInfNorm' in o) return 'adamax';
  if ('accumulatedMeanSquares' in o) return 'rmsprop';
  if ('rho' in o) return 'adadelta';
  if ('initialAccumulatorValue' in o) return 'adagrad';
  return undefined;
}

/** Writes lr (and momentum / beta1) into a live tfjs optimizer, each the way that optimizer reads it. */
export interface HyperParamWriter {
  readonly kind: OptimizerKind;
  /** The field momentum values go to, `undefined` for optimizers without one. */
  readonly momentumTarget: MomentumTarget | undefined;
  setLearningRate(lr: number): void;
  /** Only valid when {@link HyperParamWriter.momentumTarget} is defined. */
  setMomentum(momentum: number): void;
}

/**
 * Builds the writer for one optimizer. The techniques (each verified by measuring the update):
 * - SGD, Momentum: `setLearningRate()` — the rate lives in a frozen scalar `c`.
 * - Momentum's momentum: its frozen scalar `m` is replaced (`setMomentum()` is a no-op upstream).
 * - Adam, Adamax, RMSProp, Adagrad, Adadelta: the `learningRate` field, read on every step.
 * - Adam/Adamax `beta1`, RMSProp `momentum`: plain fields, read on every step.
 */
export function hyperParamWriter(caller: string, optimizer: OptimizerLike): HyperParamWriter {
  if (typeof optimizer !== 'object' || optimizer === null) {
    throw new TypeError(
      `${caller}: expected optimizer to be a tfjs optimizer (tf.train.sgd(...), tf.train.adam(...), ...), got ${String(optimizer)}`,
    );
  }
  const kind = optimizerKind(optimizer);
  if (kind === undefined) {
    const name =
      typeof optimizer.getClassName === 'function' ? optimizer.getClassName() : 'an object';
    throw new TypeError(
      `${caller}: expected optimizer to be one of tfjs's sgd, momentum, adam, adamax, rmsprop, adagrad or adadelta optimizers, got ${name}`,
    );
  }
  const o = optimizer as unknown as OptimizerFields;
  const momentumTarget = MOMENTUM_TARGET[kind];
  const setLearningRate =
    kind === 'sgd' || kind === 'momentum'
      ? (lr: number) => {
          // setLearningRate allocates a new scalar; skip it when nothing changes.
          if (o.learningRate !== lr) o.setLearningRate?.(lr);
        }
      : (lr: number) => {
          o.learningRate = lr;
        };
  let setMomentum: (momentum: number) => void;
  if (kind === 'momentum') {
    // Skip the allocation only while `m` is still the scalar written here (a restore or the
    // user may have swapped it since).
    let written: { value: number; tensor: TensorLike } | undefined;
    setMomentum = (momentum) => {
      if (written && written.value === momentum && written.tensor === o.m) return;
      const previous = o.m;
      const tensor = keep(scalar(momentum)) as unknown as TensorLike;
      o.m = tensor;
      previous?.dispose();
      o.momentum = momentum;
      written = { value: momentum, tensor };
    };
  } else if (momentumTarget === 'beta1') {
    setMomentum = (momentum) => {
      o.beta1 = momentum;
    };
  } else if (momentumTarget === 'momentum') {
    setMomentum = (momentum) => {
      o.momentum = momentum;
    };
  } else {
    setMomentum = () => {
      throw new TypeError(`${caller}: the ${kind} optimizer has no momentum or beta1 to set`);
    };
  }
  return { kind, momentumTarget, setLearningRate, setMomentum };
}
