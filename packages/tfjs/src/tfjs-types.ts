/**
 * The parts of TensorFlow.js objects that cyclr touches, written structurally. tfjs's own
 * classes have protected members, which makes them nominal in TypeScript: a `Tensor` from one
 * copy of `@tensorflow/tfjs-core` is not assignable to the `Tensor` of another. These shapes are
 * satisfied by every copy of tfjs 4.x, so a second copy in node_modules does not break the types.
 */

/** A tfjs tensor (any copy of tfjs 4.x). */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dispose(): void;
}

/** A tfjs optimizer (any copy of tfjs 4.x): `tf.train.sgd(...)`, `tf.train.adam(...)`, ... */
export interface OptimizerLike {
  getClassName(): string;
}

/** A compiled tfjs `LayersModel` (any copy of tfjs 4.x). */
export interface LayersModelLike {
  readonly optimizer: OptimizerLike;
  trainOnBatch(x: unknown, y: unknown): Promise<number | number[]>;
  evaluate(x: unknown, y: unknown, args?: unknown): unknown;
  getWeights(): TensorLike[];
  setWeights(weights: never[]): void;
}

/** The tfjs `Logs` object a callback receives: numbers (and, before resolution, scalars). */
export type CallbackLogs = Record<string, unknown>;
