import type { Tensor, TensorConstructor } from 'onnxruntime-common';
import type { DataType } from '../graph/types.js';
import type { LossLabels, TrainingLabels } from '../losses/types.js';
import {
  type BatchInputs,
  batchRows,
  checkInputType,
  describe,
  LabelFeed,
  labelTensor,
} from './feeds.js';

/**
 * The labels of one trainer's loss, checked and fed: integer class indices (softmax
 * cross-entropy: {@link LabelFeed}'s reused int64 buffer) or float32 targets shaped like the
 * output, `[rows, outputs]` (mse, BCE), which are wrapped without a copy.
 */
export class LossLabelFeed {
  readonly #labels: LossLabels;
  readonly #lossName: string;
  readonly #outputs: number;
  readonly #featureShape: readonly number[];
  readonly #dtype: DataType;
  readonly #Tensor: TensorConstructor;
  readonly #classes: LabelFeed;
  /** The last step's targets and their tensor: the same array next step needs no new wrapper. */
  #lastTargets: Float32Array | undefined;
  #lastTensor: Tensor | undefined;

  constructor(
    labels: LossLabels,
    lossName: string,
    outputs: number,
    featureShape: readonly number[],
    dtype: DataType,
    Tensor: TensorConstructor,
  ) {
    this.#Tensor = Tensor;
    this.#classes = new LabelFeed(Tensor);
    this.#labels = labels;
    this.#lossName = lossName;
    this.#outputs = outputs;
    this.#featureShape = featureShape;
    this.#dtype = dtype;
  }

  /** Rows of a batch, checked against the labels (type, length, values), the example shape and the input type. */
  rows(fn: string, inputs: BatchInputs, labels: TrainingLabels): number {
    if (this.#labels.kind === 'classes') {
      return batchRows(fn, inputs, labels, this.#featureShape, this.#dtype);
    }
    checkInputType(fn, inputs, this.#dtype);
    const outputs = this.#outputs;
    if (!(labels instanceof Float32Array)) {
      throw new TypeError(
        `${fn}: expected targets to be a Float32Array of rows x ${outputs} values (loss ${this.#lossName}), got ${describe(labels)}`,
      );
    }
    const features = this.#featureShape.reduce((a, b) => a * b, 1);
    const rows = inputs.length / features;
    if (!Number.isInteger(rows) || rows === 0) {
      throw new RangeError(
        `${fn}: expected inputs to be one or more rows of [${this.#featureShape}] (${features} values each), got ${inputs.length} values`,
      );
    }
    if (labels.length !== rows * outputs) {
      throw new RangeError(
        `${fn}: expected targets to have ${rows} rows x ${outputs} outputs = ${rows * outputs} values (loss ${this.#lossName}; inputs hold ${rows} rows), got ${labels.length}`,
      );
    }
    this.#checkValues(fn, labels);
    return rows;
  }

  #checkValues(fn: string, targets: Float32Array): void {
    if (this.#labels.kind !== 'values') return;
    const [low, high] = this.#labels.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let i = 0; i < targets.length; i++) {
      const v = targets[i] as number;
      // Written so that NaN fails too.
      if (!(v >= low && v <= high && Number.isFinite(v))) {
        const expected = this.#labels.range ? `in [${low}, ${high}]` : 'a finite number';
        throw new RangeError(
          `${fn}: expected targets[${i}] to be ${expected} (loss ${this.#lossName}), got ${v}`,
        );
      }
    }
  }

  /** The train step's labels tensor (call {@link rows} first): buffers and wrappers reused. */
  stepTensor(fn: string, labels: TrainingLabels, rows: number): Tensor {
    if (!(labels instanceof Float32Array)) {
      return this.#classes.tensor(fn, labels, this.#outputs);
    }
    if (this.#lastTargets !== labels || this.#lastTensor === undefined) {
      this.#lastTargets = labels;
      this.#lastTensor = new this.#Tensor('float32', labels, [rows, this.#outputs]);
    }
    return this.#lastTensor;
  }

  /** Rows [start, end) of a batch's labels (for `evaluate`'s chunks). */
  chunk(labels: TrainingLabels, start: number, end: number): TrainingLabels {
    const width = labels instanceof Float32Array ? this.#outputs : 1;
    return labels.subarray(start * width, end * width);
  }

  /** A chunk's labels (from {@link chunk}) as a tensor of `rows` rows. */
  chunkTensor(fn: string, labels: TrainingLabels, rows: number): Tensor {
    if (!(labels instanceof Float32Array))
      return labelTensor(fn, labels, this.#outputs, this.#Tensor);
    return new this.#Tensor('float32', labels, [rows, this.#outputs]);
  }
}
