import type { ConstTensor, GraphNode } from '../graph/types.js';

/** Names of the built-in losses (see the README's "Losses"). */
export type LossName = 'softmaxCrossEntropy' | 'mse' | 'binaryCrossEntropyWithLogits';

/** `softmaxCrossEntropy` with its options. */
export interface SoftmaxCrossEntropyOptions {
  readonly type: 'softmaxCrossEntropy';
  /**
   * PyTorch's `CrossEntropyLoss(label_smoothing=e)`, e in [0, 1]: loss = (1 - e) * nll +
   * e * mean_k(-log p_k), averaged over the batch. Default 0 (plain cross-entropy).
   */
  readonly labelSmoothing?: number;
}

/**
 * The trainer's loss (`OnnxTrainer.create({ loss })`): a name, or an object `{ type, ...options }`.
 * - `'softmaxCrossEntropy'` (default): integer class labels `[batch]`, logits `[batch, classes]`.
 * - `'mse'`: float32 targets shaped like the output `[batch, outputs]`, PyTorch's `MSELoss()`.
 * - `'binaryCrossEntropyWithLogits'`: float32 targets in [0, 1] shaped like the output,
 *   PyTorch's `BCEWithLogitsLoss()` (one sigmoid per output: multi-label).
 *
 * @example
 * await OnnxTrainer.create({ model, optimizer, schedule, loss: 'mse' });
 * await OnnxTrainer.create({ model, optimizer, schedule, loss: { type: 'softmaxCrossEntropy', labelSmoothing: 0.1 } });
 */
export type LossOptions =
  | LossName
  | SoftmaxCrossEntropyOptions
  | { readonly type: 'mse' }
  | { readonly type: 'binaryCrossEntropyWithLogits' };

/** Integer class labels of `softmaxCrossEntropy`, one per row. */
export type ClassLabels = Int32Array | Uint8Array | BigInt64Array;

/** Anything a trainer's `step`/`evaluate` takes as labels: class indices or float targets. */
export type TrainingLabels = ClassLabels | Float32Array;

type NameOf<L> = L extends string ? L : L extends { readonly type: infer T } ? T : never;
type LabelsOfName<N> = N extends 'softmaxCrossEntropy' ? ClassLabels : Float32Array;
type EvaluationOfName<N> = N extends 'mse' ? RegressionEvaluation : Evaluation;

/** The labels a trainer with loss `L` takes: class indices for softmax CE, a Float32Array of rows x outputs otherwise. */
export type LabelsFor<L extends LossOptions> = LabelsOfName<NameOf<L>>;

/** What `evaluate` returns for loss `L`: {@link RegressionEvaluation} for `mse`, else {@link Evaluation}. */
export type EvaluationFor<L extends LossOptions> = EvaluationOfName<NameOf<L>>;

/** Result of `OnnxTrainer.evaluate` for the classification losses. */
export interface Evaluation {
  /** The trainer's loss, averaged as in training (over rows; for BCE over rows x outputs). */
  readonly loss: number;
  /**
   * `softmaxCrossEntropy`: fraction of rows whose largest logit is the label.
   * `binaryCrossEntropyWithLogits`: fraction of (row, output) pairs where the prediction
   * `logit > 0` agrees with `target > 0.5` (per-label accuracy).
   */
  readonly accuracy: number;
}

/** Result of `OnnxTrainer.evaluate` for `mse`: the loss only (an accuracy means nothing there). */
export interface RegressionEvaluation {
  /** Mean squared error over rows x outputs. */
  readonly loss: number;
}

/** How a loss's labels are fed: class indices `[batch]`, or float values shaped like the output. */
export type LossLabels =
  | { readonly kind: 'classes' }
  | {
      readonly kind: 'values';
      /** Inclusive range every target must lie in; undefined = any finite value. */
      readonly range?: readonly [number, number];
    };

/** The nodes a loss appends to the forward graph; their output named `loss` is the scalar loss. */
export interface LossNodes {
  readonly nodes: readonly GraphNode[];
  readonly constants: readonly ConstTensor[];
}

/**
 * One loss of the registry (src/losses/): everything the trainer needs to know about it.
 * Adding a loss is one definition plus its test: the graph builder, the trainer's label
 * checks, `evaluate`'s metrics and checkpoints read only these fields.
 */
export interface LossDefinition {
  readonly name: LossName;
  /** Option keys besides `type` (for the unknown-key check). */
  readonly optionKeys: readonly string[];
  /** Checks the options (throwing `<fn>: expected ...`) and returns them with defaults left out. */
  normalize(fn: string, options: Readonly<Record<string, unknown>>): Record<string, number>;
  readonly labels: LossLabels;
  /**
   * The loss nodes, built from ops of the gradient table (so their gradients come from the
   * existing rules). `output` is the model's output `[batch, outputs]`, `labels` the labels
   * input; the last node must write `loss`.
   */
  build(
    output: string,
    labels: string,
    loss: string,
    options: Readonly<Record<string, number>>,
  ): LossNodes;
  /**
   * The accuracy `evaluate` reports, if this loss has one: the number of correct predictions
   * among `rows` rows of `outputs` values, and whether it counts rows or values.
   */
  readonly accuracy?: {
    readonly per: 'row' | 'value';
    correct(
      predictions: Float32Array,
      labels: TrainingLabels,
      rows: number,
      outputs: number,
    ): number;
  };
}
