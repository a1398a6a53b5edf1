import type { Tensor, TensorConstructor } from 'onnxruntime-common';
import type { DataType } from '../graph/types.js';

/**
 * A batch's inputs, rows x example values: float32 for a float model input; integer ids
 * (Int32Array, BigInt64Array or a number[] of integers) for an int64/int32 one (an embedding).
 */
export type BatchInputs = Float32Array | Int32Array | BigInt64Array | readonly number[];

function isIntegerInputs(inputs: unknown): inputs is Int32Array | BigInt64Array | number[] {
  return inputs instanceof Int32Array || inputs instanceof BigInt64Array || Array.isArray(inputs);
}

/** Rows of a batch, checked against the labels, the example shape and the model's input type. */
export function batchRows(
  fn: string,
  inputs: unknown,
  labels: unknown,
  featureShape: readonly number[],
  dtype: DataType = 'float32',
): number {
  checkInputType(fn, inputs, dtype);
  if (
    !(
      labels instanceof Int32Array ||
      labels instanceof Uint8Array ||
      labels instanceof BigInt64Array
    )
  ) {
    throw new TypeError(
      `${fn}: expected labels to be an Int32Array, Uint8Array or BigInt64Array, got ${describe(labels)}`,
    );
  }
  const rows = labels.length;
  if (rows === 0) throw new RangeError(`${fn}: expected at least one row, got empty labels`);
  const features = featureShape.reduce((a, b) => a * b, 1);
  if ((inputs as BatchInputs).length !== rows * features) {
    throw new RangeError(
      `${fn}: expected inputs to have labels.length x ${features} = ${rows * features} values (${rows} rows of [${featureShape}]), got ${(inputs as BatchInputs).length}`,
    );
  }
  return rows;
}

/** Checks that a batch's inputs have the array type of the model's input dtype. */
export function checkInputType(fn: string, inputs: unknown, dtype: DataType): void {
  if (dtype === 'float32' && !(inputs instanceof Float32Array)) {
    throw new TypeError(
      `${fn}: expected inputs to be a Float32Array (the model input is float32), got ${describe(inputs)}`,
    );
  }
  if (dtype !== 'float32' && !isIntegerInputs(inputs)) {
    throw new TypeError(
      `${fn}: expected inputs to be an Int32Array, BigInt64Array or number[] of integer ids (the model input is ${dtype}), got ${describe(inputs)}`,
    );
  }
}

/** The constructor name of a value (what a wrong labels or inputs argument is). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return (value as object).constructor?.name ?? typeof value;
}

/** Labels as an int64 tensor, each checked to be a class index in [0, classes). */
export function labelTensor(
  fn: string,
  labels: Int32Array | Uint8Array | BigInt64Array,
  classes: number,
  Tensor: TensorConstructor,
): Tensor {
  const out = new BigInt64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = Number(labels[i]);
    if (!(v >= 0 && v < classes)) {
      throw new RangeError(
        `${fn}: expected labels[${i}] to be a class index in [0, ${classes}), got ${v}`,
      );
    }
    out[i] = BigInt(v);
  }
  return new Tensor('int64', out, [labels.length]);
}

/**
 * The train step's int64 label tensor, its buffer reused while the batch size stays the same.
 * Int32/Uint8 labels are written as two int32 halves (low = the class, high = 0: classes are
 * non-negative, and typed arrays are little-endian on every platform Node runs on), so no
 * BigInt is made per label.
 */
export class LabelFeed {
  readonly #Tensor: TensorConstructor;
  #int64 = new BigInt64Array(0);
  #halves = new Int32Array(0);
  #tensor: Tensor | undefined;

  constructor(Tensor: TensorConstructor) {
    this.#Tensor = Tensor;
  }

  tensor(fn: string, labels: Int32Array | Uint8Array | BigInt64Array, classes: number): Tensor {
    if (labels instanceof BigInt64Array) return labelTensor(fn, labels, classes, this.#Tensor);
    const rows = labels.length;
    if (this.#tensor === undefined || this.#int64.length !== rows) {
      this.#int64 = new BigInt64Array(rows);
      this.#halves = new Int32Array(this.#int64.buffer);
      this.#tensor = new this.#Tensor('int64', this.#int64, [rows]);
    }
    const halves = this.#halves;
    for (let i = 0; i < rows; i++) {
      const v = labels[i] as number;
      if (!(v >= 0 && v < classes)) {
        throw new RangeError(
          `${fn}: expected labels[${i}] to be a class index in [0, ${classes}), got ${v}`,
        );
      }
      halves[2 * i] = v;
      halves[2 * i + 1] = 0;
    }
    return this.#tensor;
  }
}

/** Rows `start` to `end` of a batch's inputs as the model's input tensor (integer ids as int64 or int32). */
export function inputTensor(
  fn: string,
  inputs: BatchInputs,
  dtype: DataType,
  featureShape: readonly number[],
  start: number,
  end: number,
  Tensor: TensorConstructor,
): Tensor {
  const features = featureShape.reduce((a, b) => a * b, 1);
  const dims = [end - start, ...featureShape];
  const from = start * features;
  const to = end * features;
  if (inputs instanceof Float32Array) return new Tensor('float32', inputs.subarray(from, to), dims);
  if (dtype === 'int64' && inputs instanceof BigInt64Array) {
    return new Tensor('int64', inputs.subarray(from, to), dims);
  }
  const ids = new Array<number>(to - from);
  for (let i = from; i < to; i++) {
    const v = Number(inputs[i]);
    if (!Number.isSafeInteger(v) || (dtype === 'int32' && (v | 0) !== v)) {
      throw new RangeError(
        `${fn}: expected inputs[${i}] to be an integer id (${dtype}), got ${String(inputs[i])}`,
      );
    }
    ids[i - from] = v;
  }
  if (dtype === 'int32') return new Tensor('int32', Int32Array.from(ids), dims);
  return new Tensor('int64', BigInt64Array.from(ids, BigInt), dims);
}
