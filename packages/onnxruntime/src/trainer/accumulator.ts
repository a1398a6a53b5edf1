import type { InferenceSession, Tensor, TensorConstructor } from 'onnxruntime-common';
import type { AccumulationGraphs } from '../graph/accumulation-graphs.js';
import { nextName } from '../optimizers/types.js';

/** Where a trainer is inside an accumulation window: part of {@link TrainerState}. */
export interface AccumulationState {
  /** Micro-batches accumulated since the last update (1 .. steps - 1). */
  readonly microBatches: number;
  /** The accumulated gradients (sum of grad / steps so far), by accumulator name. */
  readonly gradients: Readonly<Record<string, Float32Array>>;
}

/**
 * The running state of gradient accumulation: the accumulated gradients (onnxruntime tensors,
 * the micro-batch graph's outputs fed back as its next inputs, never copied), the position in
 * the window, and the session that applies the update. One zero tensor per parameter is made
 * once and fed at the start of every window.
 */
export class GradientAccumulator {
  readonly steps: number;
  /** The micro-batch and update graphs (the micro-batch one is what `trainStepModel()` shows). */
  readonly graphs: AccumulationGraphs;
  readonly #apply: InferenceSession;
  readonly #zeros: Map<string, Tensor>;
  /** (accumulator, `<accumulator>.next`) pairs. */
  readonly #names: (readonly [string, string])[];
  #accumulated: Map<string, Tensor>;
  #microBatches = 0;

  readonly #Tensor: TensorConstructor;

  constructor(
    graphs: AccumulationGraphs,
    steps: number,
    apply: InferenceSession,
    Tensor: TensorConstructor,
  ) {
    this.#Tensor = Tensor;
    this.steps = steps;
    this.graphs = graphs;
    this.#apply = apply;
    this.#zeros = new Map(
      graphs.accumulators.map((a) => [
        a.name,
        new this.#Tensor('float32', new Float32Array(size(a.shape)), a.shape as number[]),
      ]),
    );
    this.#accumulated = this.#zeros;
    this.#names = graphs.accumulators.map((a) => [a.name, nextName(a.name)] as const);
  }

  /** Micro-batches accumulated since the last update: 0 right after an update. */
  get microBatches(): number {
    return this.#microBatches;
  }

  /**
   * The micro-batch's index in the whole run (what seeds its dropout masks): with steps = 1
   * this is the global step, so a trainer without accumulation draws the masks it always drew.
   */
  microBatchIndex(globalStep: number): number {
    return globalStep * this.steps + this.#microBatches;
  }

  /** Feeds the accumulators (zeros at the start of a window) to the micro-batch graph or the update. */
  writeFeeds(feeds: Record<string, Tensor>): void {
    for (const [name, t] of this.#accumulated) feeds[name] = t;
  }

  /** Takes a finite micro-batch's accumulators; true when the window is full and the update is due. */
  collect(results: InferenceSession.OnnxValueMapType): boolean {
    // Never write into the zero map: it is fed again at the next window's start.
    const into = this.#accumulated === this.#zeros ? new Map<string, Tensor>() : this.#accumulated;
    for (const [name, next] of this.#names) into.set(name, results[next] as Tensor);
    this.#accumulated = into;
    this.#microBatches++;
    return this.#microBatches === this.steps;
  }

  /**
   * Runs the optimizer update on the accumulated gradients and starts a new window (also when
   * the run throws: a full window must never be fed another micro-batch).
   */
  async apply(feeds: Record<string, Tensor>): Promise<InferenceSession.OnnxValueMapType> {
    this.writeFeeds(feeds);
    try {
      return await this.#apply.run(feeds);
    } finally {
      this.discard();
    }
  }

  /** Drops the window's gradients (a non-finite loss, a restore): the next micro-batch starts a new one. */
  discard(): void {
    this.#accumulated = this.#zeros;
    this.#microBatches = 0;
  }

  /** Copies of the window's gradients, or undefined at a window's start. */
  state(): AccumulationState | undefined {
    if (this.#microBatches === 0) return undefined;
    const gradients: Record<string, Float32Array> = {};
    for (const [name, t] of this.#accumulated) gradients[name] = (t.data as Float32Array).slice();
    return { microBatches: this.#microBatches, gradients };
  }

  /** Puts back a window taken by {@link state} (undefined: a window's start). */
  restore(fn: string, state: AccumulationState | undefined): void {
    if (state === undefined) {
      this.discard();
      return;
    }
    const { microBatches, gradients } = state;
    if (!(Number.isInteger(microBatches) && microBatches > 0 && microBatches < this.steps)) {
      throw new TypeError(
        `${fn}: expected accumulation.microBatches to be an integer in [1, ${this.steps - 1}], got ${microBatches}`,
      );
    }
    const restored = new Map<string, Tensor>();
    for (const [name, zero] of this.#zeros) {
      const values = gradients?.[name];
      if (!(values instanceof Float32Array) || values.length !== zero.size) {
        throw new TypeError(
          `${fn}: expected accumulation.gradients['${name}'] to be a Float32Array of ${zero.size} values, got ${values instanceof Float32Array ? values.length : typeof values}`,
        );
      }
      restored.set(name, new this.#Tensor('float32', values.slice(), zero.dims));
    }
    this.#accumulated = restored;
    this.#microBatches = microBatches;
  }

  release(): Promise<void> {
    return this.#apply.release();
  }
}

function size(shape: readonly (number | string)[]): number {
  return shape.reduce<number>((a, d) => a * (d as number), 1);
}
