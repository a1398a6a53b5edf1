import {
  describeValue,
  fromSpec,
  type PlateauController,
  type PolicySpec,
  type RangeTestTrainer,
  type Schedule,
  toSpec,
} from '@cyclr/core';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint.js';
import { encodeModel } from '../graph/encode.js';
import {
  buildTrainingGraphsWith,
  inferenceGraph,
  LABELS,
  LOSS,
  type TrainingGraphs,
} from '../graph/train-graph.js';
import type { ForwardGraph, Param } from '../graph/types.js';
import { checkOptionKeys } from '../layers/options.js';
import { optimizerGraph } from '../optimizers/create.js';
import {
  type HyperParameters,
  nextName,
  type OptimizerGraph,
  type OptimizerOptions,
} from '../optimizers/types.js';
import { dropoutMask } from './dropout-mask.js';
import { NonFiniteLossError } from './errors.js';
import {
  argmaxRows,
  type BatchInputs,
  batchRows,
  inputTensor,
  LabelFeed,
  labelTensor,
} from './feeds.js';
import {
  DEFAULT_SESSION_OPTIONS,
  type EvaluateOptions,
  type Evaluation,
  LOAD_OVERRIDE_KEYS,
  type LoadOverrides,
  type OnnxTrainerOptions,
  type RangeTestSource,
  resolveModel,
  TRAINER_OPTION_KEYS,
} from './options.js';
import { checkRuntime, type OrtRuntime } from './runtime.js';
import { planScheduledInputs, type ScheduledInputsPlan } from './scheduled-inputs.js';
import { copyAll, restoreAll, type TrainerState } from './state.js';

/**
 * The trainer on any onnxruntime package (see {@link OrtRuntime}); the entry points subclass it
 * with their default runtime: `@cyclr/onnxruntime` (onnxruntime-node, plus `save`/`load` to
 * files) and `@cyclr/onnxruntime/web` (onnxruntime-web). Both export it as `OnnxTrainer`.
 *
 * Trains a model by running a train-step graph (forward, backward by
 * reverse-mode differentiation, optimizer update) once per batch, feeding the schedule's
 * `learning_rate` and momentum/beta1 for the current global step.
 *
 * @example
 * const trainer = await OnnxTrainer.create({
 *   model: sequential({ inputShape: [784], layers: [dense(256), relu(), dense(10)] }),
 *   optimizer: { type: 'sgd', momentum: 0.9 },
 *   schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 500 },
 *   seed: 1,
 * });
 * const loss = await trainer.step(images, labels); // images: Float32Array rows*784, labels: Int32Array
 * const { accuracy } = await trainer.evaluate(testImages, testLabels);
 * await trainer.release();
 */
export class OnnxTrainer {
  readonly #forward: ForwardGraph;
  readonly #graphs: TrainingGraphs;
  readonly #optimizer: OptimizerGraph;
  readonly #train: InferenceSession;
  readonly #eval: InferenceSession;
  readonly #schedule: Schedule;
  readonly #inputs: ScheduledInputsPlan;
  readonly #featureShape: readonly number[];
  readonly #batchSize: number | undefined;
  readonly #seed: number;
  readonly #restoreOnNonFinite: boolean;
  readonly #optimizerOptions: OptimizerOptions;
  readonly #runtime: OrtRuntime;
  #params: Map<string, Tensor>;
  #states: Map<string, Tensor>;
  /** Buffers (BatchNormalization running statistics): fed to both graphs, updated by each step. */
  #buffers: Map<string, Tensor>;
  #previous:
    | {
        step: number;
        params: Map<string, Tensor>;
        states: Map<string, Tensor>;
        buffers: Map<string, Tensor>;
      }
    | undefined;
  /** The train step's feed record, rewritten in place each step. */
  readonly #feeds: Record<string, Tensor> = {};
  /** The optimizer's scalar inputs: one Float32Array(1) each, wrapped once in a Tensor. */
  readonly #scalarValues: Record<string, Float32Array> = {};
  readonly #scalarTensors: (readonly [string, Tensor])[];
  readonly #labels: LabelFeed;
  /** (name, `<name>.next`) pairs, computed once. */
  readonly #nextNames: Record<'params' | 'states' | 'buffers', (readonly [string, string])[]>;
  #globalStep = 0;
  #released = false;
  #running = false;

  /** @internal Made by {@link create} and the entry points' subclasses. */
  protected constructor(
    runtime: OrtRuntime,
    forward: ForwardGraph,
    graphs: TrainingGraphs,
    optimizer: OptimizerGraph,
    sessions: [InferenceSession, InferenceSession],
    options: OnnxTrainerOptions,
    schedule: Schedule,
    inputs: ScheduledInputsPlan,
  ) {
    this.#runtime = runtime;
    const { Tensor } = runtime;
    this.#labels = new LabelFeed(Tensor);
    this.#inputs = inputs;
    this.#forward = forward;
    this.#graphs = graphs;
    this.#optimizer = optimizer;
    [this.#train, this.#eval] = sessions;
    this.#schedule = schedule;
    this.#featureShape = forward.input.shape.slice(1) as number[];
    this.#batchSize = options.batchSize;
    this.#seed = options.seed ?? 0;
    this.#restoreOnNonFinite = options.restoreOnNonFiniteLoss ?? false;
    // A copy: a checkpoint must record the options the graph was built with.
    this.#optimizerOptions = JSON.parse(JSON.stringify(options.optimizer));
    this.#params = new Map(
      graphs.params.map((p) => [p.name, new Tensor('float32', p.data.slice(), p.dims)]),
    );
    this.#states = new Map(
      graphs.states.map((s) => [
        s.name,
        new Tensor('float32', new Float32Array(s.param.data.length), s.param.dims),
      ]),
    );
    this.#buffers = new Map(
      graphs.buffers.map((b) => [b.name, new Tensor('float32', b.data.slice(), b.dims)]),
    );
    this.#scalarTensors = optimizer.inputs.map((input) => {
      const value = new Float32Array(1);
      this.#scalarValues[input.name] = value;
      return [input.name, new Tensor('float32', value, [1])] as const;
    });
    const pairs = (names: Iterable<string>) => [...names].map((n) => [n, nextName(n)] as const);
    this.#nextNames = {
      params: pairs(this.#params.keys()),
      states: pairs(this.#states.keys()),
      buffers: pairs(this.#buffers.keys()),
    };
  }

  /** Builds the train-step and evaluation graphs and opens their onnxruntime sessions on `options.runtime`. */
  static create(options: OnnxTrainerOptions): Promise<OnnxTrainer> {
    return OnnxTrainer.createAs(OnnxTrainer, undefined, options);
  }

  /**
   * {@link create} for an entry point's subclass: `Trainer` is the class to make, `fallback`
   * the runtime when `options.runtime` is not given (each entry point names its package, so
   * this module imports none).
   *
   * @internal
   */
  protected static async createAs(
    Trainer: typeof OnnxTrainer,
    fallback: OrtRuntime | undefined,
    options: OnnxTrainerOptions,
  ): Promise<OnnxTrainer> {
    checkOptionKeys('OnnxTrainer.create', options, TRAINER_OPTION_KEYS);
    if (options.runtime === undefined && fallback === undefined) {
      throw new TypeError(
        `OnnxTrainer.create: expected options.runtime (e.g. import * as ort from 'onnxruntime-web'), got none`,
      );
    }
    const runtime =
      options.runtime === undefined
        ? (fallback as OrtRuntime)
        : checkRuntime('OnnxTrainer.create', options.runtime);
    const { InferenceSession } = runtime;
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed))
      throw new TypeError(`OnnxTrainer.create: expected seed to be an integer, got ${seed}`);
    if (
      options.batchSize !== undefined &&
      !(Number.isInteger(options.batchSize) && options.batchSize > 0)
    ) {
      throw new RangeError(
        `OnnxTrainer.create: expected batchSize to be a positive integer, got ${options.batchSize}`,
      );
    }
    const schedule = fromSpec(options.schedule);
    const forward = resolveModel(options.model, seed);
    if (!forward.input.shape.slice(1).every((d) => typeof d === 'number')) {
      throw new TypeError(
        `OnnxTrainer.create: expected only the first input dim to be symbolic, got [${forward.input.shape}]`,
      );
    }
    const inputs = planScheduledInputs(
      options.optimizer?.type === 'adam' || options.optimizer?.type === 'adamw'
        ? options.optimizer.type
        : 'sgd',
      schedule,
      options.hyperParameters,
      options.plateau,
    );
    const optimizer = optimizerGraph(options.optimizer, inputs.scheduled);
    const graphs = buildTrainingGraphsWith(forward, optimizer);
    const sessionOptions = { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions };
    const [train, evaluation] = await Promise.all([
      InferenceSession.create(encodeModel(graphs.trainStep), sessionOptions),
      InferenceSession.create(encodeModel(graphs.evaluation), sessionOptions),
    ]);
    return new Trainer(
      runtime,
      forward,
      graphs,
      optimizer,
      [train, evaluation],
      options,
      schedule,
      inputs,
    );
  }

  /** Optimizer updates done so far; the next `step()` uses `schedule.lr(globalStep)`. */
  get globalStep(): number {
    return this.#globalStep;
  }

  /** The schedule the trainer feeds. */
  get schedule(): Schedule {
    return this.#schedule;
  }

  /** The forward graph being trained (its params hold the initial values). */
  get forwardGraph(): ForwardGraph {
    return this.#forward;
  }

  /** The train-step model as ONNX bytes (for inspection, e.g. in Netron). */
  trainStepModel(): Uint8Array {
    return encodeModel(this.#graphs.trainStep);
  }

  /**
   * Hyper-parameters fed at a step: lr (times the plateau's multiplier, with the `plateau`
   * option), momentum/beta1 (schedule's or the optimizer's fixed one), and the scheduled
   * `weightDecay` / `beta2`.
   */
  hyperParameters(step: number = this.#globalStep): HyperParameters {
    return this.#inputs.at(step, this.#optimizer.defaultMomentum);
  }

  /** The plateau controller (`plateau` option), or `undefined`; `.state()` saves it. */
  get plateau(): PlateauController | undefined {
    return this.#inputs.plateau;
  }

  /**
   * One optimizer update on a batch at the schedule's values for the current global step;
   * returns the batch's loss (before the update) and advances the global step.
   * Throws {@link NonFiniteLossError} (update not applied) on a NaN/inf loss.
   */
  async step(
    inputs: BatchInputs,
    labels: Int32Array | Uint8Array | BigInt64Array,
  ): Promise<number> {
    return this.#run('OnnxTrainer.step', inputs, labels, this.hyperParameters(), true);
  }

  /** One update at explicit hyper-parameters (what the range test uses); advances the global step. */
  async stepWith(
    inputs: BatchInputs,
    labels: Int32Array | Uint8Array | BigInt64Array,
    hyper: HyperParameters,
  ): Promise<number> {
    return this.#run(
      'OnnxTrainer.stepWith',
      inputs,
      labels,
      this.#inputs.complete(hyper, this.#globalStep),
      true,
    );
  }

  async #run(
    fn: string,
    inputs: BatchInputs,
    labels: Int32Array | Uint8Array | BigInt64Array,
    hyper: HyperParameters,
    throwOnNonFinite: boolean,
  ): Promise<number> {
    this.#checkLive(fn);
    const rows = batchRows(fn, inputs, labels, this.#featureShape, this.#forward.input.dtype);
    if (this.#batchSize !== undefined && rows !== this.#batchSize) {
      throw new RangeError(
        `${fn}: expected a batch of batchSize = ${this.#batchSize} rows, got ${rows}`,
      );
    }
    if (!(Number.isFinite(hyper.learningRate) && Number.isFinite(hyper.momentum))) {
      throw new RangeError(
        `${fn}: expected finite learning rate and momentum, got ${hyper.learningRate} and ${hyper.momentum} at step ${this.#globalStep}`,
      );
    }
    // Each step reads the previous step's outputs: overlapping steps would silently drop updates.
    // Checked before any feed is written: the feed record and scalar buffers are reused.
    if (this.#running) {
      throw new Error(`${fn}: the previous step is still running; await each step before the next`);
    }
    const feeds = this.#feeds;
    feeds[this.#forward.input.name] = inputTensor(
      fn,
      inputs,
      this.#forward.input.dtype,
      this.#featureShape,
      0,
      rows,
      this.#runtime.Tensor,
    );
    feeds[LABELS] = this.#labels.tensor(fn, labels, this.#graphs.classes);
    for (const [name, t] of this.#params) feeds[name] = t;
    for (const [name, t] of this.#states) feeds[name] = t;
    for (const [name, t] of this.#buffers) feeds[name] = t;
    this.#optimizer.writeFeeds(hyper, this.#globalStep, this.#scalarValues);
    for (const [name, t] of this.#scalarTensors) feeds[name] = t;
    this.#graphs.extraInputs.forEach((extra, index) => {
      feeds[extra.name] = dropoutMask(
        extra.shape,
        extra.kind.rate,
        rows,
        [this.#seed, this.#globalStep, index + 1],
        this.#runtime.Tensor,
      );
    });
    this.#running = true;
    let results: InferenceSession.OnnxValueMapType;
    try {
      results = await this.#train.run(feeds);
    } finally {
      this.#running = false;
    }
    const loss = outputData(results, LOSS)[0] as number;
    if (!Number.isFinite(loss)) {
      const step = this.#globalStep;
      if (this.#restoreOnNonFinite && this.#previous) {
        this.#params = this.#previous.params;
        this.#states = this.#previous.states;
        this.#buffers = this.#previous.buffers;
        this.#globalStep = this.#previous.step;
      }
      if (throwOnNonFinite) throw new NonFiniteLossError(step, loss, this.#globalStep);
      return loss;
    }
    // Kept only when asked for: it holds a second full copy of the parameters and state.
    if (this.#restoreOnNonFinite) {
      this.#previous = {
        step: this.#globalStep,
        params: this.#params,
        states: this.#states,
        buffers: this.#buffers,
      };
    }
    // Swap the outputs in as next step's feeds: no copies on our side. In place, unless the
    // previous maps are kept to go back to.
    const kept = this.#restoreOnNonFinite;
    this.#params = swapIn(kept ? new Map() : this.#params, this.#nextNames.params, results);
    this.#states = swapIn(kept ? new Map() : this.#states, this.#nextNames.states, results);
    this.#buffers = swapIn(kept ? new Map() : this.#buffers, this.#nextNames.buffers, results);
    this.#globalStep++;
    return loss;
  }

  /** Mean loss and accuracy over any number of rows, run in chunks through the forward-only graph. */
  async evaluate(
    inputs: BatchInputs,
    labels: Int32Array | Uint8Array | BigInt64Array,
    options: EvaluateOptions = {},
  ): Promise<Evaluation> {
    const fn = 'OnnxTrainer.evaluate';
    this.#checkLive(fn);
    const rows = batchRows(fn, inputs, labels, this.#featureShape, this.#forward.input.dtype);
    checkOptionKeys(fn, options, ['batchSize', 'report']);
    const chunk = options.batchSize ?? 1024;
    if (!(Number.isInteger(chunk) && chunk > 0)) {
      throw new RangeError(`${fn}: expected batchSize to be a positive integer, got ${chunk}`);
    }
    const classes = this.#graphs.classes;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < rows; start += chunk) {
      const end = Math.min(rows, start + chunk);
      const n = end - start;
      const chunkLabels = labels.subarray(start, end);
      const feeds: Record<string, Tensor> = {
        [this.#forward.input.name]: inputTensor(
          fn,
          inputs,
          this.#forward.input.dtype,
          this.#featureShape,
          start,
          end,
          this.#runtime.Tensor,
        ),
        [LABELS]: labelTensor(fn, chunkLabels, classes, this.#runtime.Tensor),
      };
      for (const [name, t] of this.#params) feeds[name] = t;
      for (const [name, t] of this.#buffers) feeds[name] = t;
      const results = await this.#eval.run(feeds);
      lossSum += (outputData(results, LOSS)[0] as number) * n;
      const predicted = argmaxRows(outputData(results, this.#forward.output), n, classes);
      for (let i = 0; i < n; i++) if (predicted[i] === Number(chunkLabels[i])) correct++;
    }
    const evaluation = { loss: lossSum / rows, accuracy: correct / rows };
    if (options.report) this.#report(fn, evaluation);
    return evaluation;
  }

  #report(fn: string, evaluation: Evaluation): void {
    const plateau = this.#inputs.plateau;
    if (!plateau) {
      throw new TypeError(
        `${fn}: expected the trainer to have a plateau (OnnxTrainer.create({ plateau: {...} })) to report to, got none`,
      );
    }
    plateau.report(evaluation[this.#inputs.monitor], this.#schedule.lr(this.#globalStep));
  }

  /** Current parameter values (copies), by name. */
  parameters(): Record<string, Float32Array> {
    return copyAll(this.#params);
  }

  /** Current buffer values (copies), by name: BatchNormalization running statistics. */
  buffers(): Record<string, Float32Array> {
    return copyAll(this.#buffers);
  }

  /** Copies of the parameters, optimizer state, buffers and global step; {@link restore} puts them back exactly. */
  async snapshot(): Promise<TrainerState> {
    this.#checkLive('OnnxTrainer.snapshot');
    return {
      globalStep: this.#globalStep,
      params: copyAll(this.#params),
      optimizerState: copyAll(this.#states),
      buffers: copyAll(this.#buffers),
    };
  }

  /** Puts back a state taken by {@link snapshot}. */
  async restore(state: TrainerState): Promise<void> {
    const fn = 'OnnxTrainer.restore';
    this.#checkLive(fn);
    if (
      !state ||
      typeof state !== 'object' ||
      !Number.isInteger(state.globalStep) ||
      state.globalStep < 0
    ) {
      throw new TypeError(
        `${fn}: expected a state from snapshot(), got ${JSON.stringify(state)?.slice(0, 80)}`,
      );
    }
    this.#params = restoreAll(
      fn,
      'params',
      state.params,
      this.#graphs.params.map((p) => [p.name, p]),
      this.#runtime.Tensor,
    );
    this.#states = restoreAll(
      fn,
      'optimizerState',
      state.optimizerState,
      this.#graphs.states.map((s) => [s.name, s.param]),
      this.#runtime.Tensor,
    );
    this.#buffers = restoreAll(
      fn,
      'buffers',
      state.buffers,
      this.#graphs.buffers.map((b) => [b.name, b]),
      this.#runtime.Tensor,
    );
    this.#globalStep = state.globalStep;
    this.#previous = undefined;
  }

  /**
   * The range-test trainer protocol (docs/architecture.md, "The trainer protocol") over this
   * trainer: `step(lr)` trains one batch from `source.nextBatch()` at that rate (momentum/beta1:
   * the optimizer's fixed value) and returns its loss; a NaN/inf loss is returned, not thrown, so the range test can see the divergence.
   */
  asRangeTestTrainer(source: RangeTestSource): RangeTestTrainer {
    if (!source || typeof source.nextBatch !== 'function') {
      throw new TypeError(
        'OnnxTrainer.asRangeTestTrainer: expected source.nextBatch to be a function',
      );
    }
    const trainer: RangeTestTrainer = {
      step: (lr: number) => {
        const { inputs, labels } = source.nextBatch();
        return this.#run(
          'RangeTestTrainer.step',
          inputs,
          labels,
          { learningRate: lr, momentum: this.#optimizer.defaultMomentum },
          false,
        );
      },
      snapshot: () => this.snapshot(),
      restore: (state: unknown) => this.restore(state as TrainerState),
    };
    const evaluate = source.evaluate;
    if (evaluate) trainer.evaluate = () => evaluate.call(source);
    return trainer;
  }

  /** The trained model as a plain inference ONNX model: input -> logits, parameters and buffers (running statistics) baked in. */
  async exportInferenceModel(): Promise<Uint8Array> {
    this.#checkLive('OnnxTrainer.exportInferenceModel');
    const values = copyAll(this.#params);
    const params: Param[] = this.#forward.params.map((p) => ({
      ...p,
      data: values[p.name] ?? p.data,
    }));
    const bufferValues = copyAll(this.#buffers);
    const buffers = (this.#forward.buffers ?? []).map((b) => ({
      ...b,
      data: bufferValues[b.name] ?? b.data,
    }));
    return encodeModel(inferenceGraph(this.#forward, params, buffers));
  }

  /**
   * The checkpoint as bytes: one safetensors file holding the forward graph, optimizer options,
   * schedule spec, parameters, optimizer state, buffers, global step and seed (the dropout
   * stream's position). {@link OnnxTrainer.fromCheckpoint} continues from it bit-identically, on
   * any runtime: bytes written in a browser resume in Node and the reverse. Parameters are stored
   * under their own names, so `safetensors.torch.load(bytes)` reads them.
   *
   * @example
   * const bytes = trainer.checkpointBytes(); // e.g. into IndexedDB, or a download
   * const resumed = await OnnxTrainer.fromCheckpoint(bytes);
   */
  checkpointBytes(): Uint8Array {
    return this.checkpointFor('OnnxTrainer.checkpointBytes');
  }

  /** @internal {@link checkpointBytes}, its errors naming `fn` (the Node entry's `save`). */
  protected checkpointFor(fn: string): Uint8Array {
    this.#checkLive(fn);
    if (this.#running) throw new Error(`${fn}: a step is running; await it before saving`);
    // The checkpoint format has no place yet for these: refuse rather than resume without them.
    if (this.#inputs.plateau !== undefined || this.#inputs.scheduled.size > 0) {
      throw new Error(
        `${fn}: checkpoints of trainers with a plateau or hyperParameters schedules are not supported yet; save trainer.plateau.state() and your schedules yourself`,
      );
    }
    let schedule: PolicySpec | null;
    try {
      schedule = toSpec(this.#schedule);
    } catch {
      // Made from a function: resuming then needs `overrides.schedule`.
      schedule = null;
    }
    return encodeCheckpoint({
      forward: this.#forward,
      optimizer: this.#optimizerOptions,
      schedule,
      seed: this.#seed,
      ...(this.#batchSize === undefined ? {} : { batchSize: this.#batchSize }),
      restoreOnNonFiniteLoss: this.#restoreOnNonFinite,
      state: {
        globalStep: this.#globalStep,
        params: dataOf(this.#params),
        optimizerState: dataOf(this.#states),
        buffers: dataOf(this.#buffers),
      },
    });
  }

  /**
   * A trainer resumed from {@link checkpointBytes}' bytes (or a file written by the Node entry's
   * `save`): same graph, optimizer, schedule, seed, parameters, optimizer state, buffers and
   * global step. `overrides` may replace the schedule (required when the saved one was made by
   * `fromFunction`), sessionOptions, batchSize, restoreOnNonFiniteLoss and the runtime. Corrupt
   * bytes throw one error naming the flaw, before any session is opened.
   *
   * @example
   * const response = await fetch('/checkpoints/run-1.safetensors');
   * const trainer = await OnnxTrainer.fromCheckpoint(new Uint8Array(await response.arrayBuffer()));
   */
  static fromCheckpoint(bytes: Uint8Array, overrides: LoadOverrides = {}): Promise<OnnxTrainer> {
    return OnnxTrainer.fromCheckpointAs(OnnxTrainer, undefined, bytes, overrides);
  }

  /** @internal {@link fromCheckpoint} for an entry point's subclass (see {@link createAs}). */
  protected static async fromCheckpointAs(
    Trainer: typeof OnnxTrainer,
    fallback: OrtRuntime | undefined,
    bytes: Uint8Array,
    overrides: LoadOverrides,
  ): Promise<OnnxTrainer> {
    const fn = 'OnnxTrainer.fromCheckpoint';
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`${fn}: expected bytes to be a Uint8Array, got ${describeValue(bytes)}`);
    }
    return OnnxTrainer.resumeAs(Trainer, fallback, {
      fn,
      source: 'the bytes',
      writer: 'OnnxTrainer.checkpointBytes',
      bytes,
      overrides,
    });
  }

  /**
   * Resumes a checkpoint as a `Trainer` (see {@link createAs}), errors naming `fn`, the
   * checkpoint's `source` and the method that writes such checkpoints.
   *
   * @internal
   */
  protected static async resumeAs(
    Trainer: typeof OnnxTrainer,
    fallback: OrtRuntime | undefined,
    {
      fn,
      source,
      writer,
      bytes,
      overrides,
    }: {
      fn: string;
      source: string;
      writer: string;
      bytes: Uint8Array;
      overrides: LoadOverrides;
    },
  ): Promise<OnnxTrainer> {
    checkOptionKeys(fn, overrides, LOAD_OVERRIDE_KEYS, 'overrides');
    let checkpoint: ReturnType<typeof decodeCheckpoint>;
    try {
      checkpoint = decodeCheckpoint(bytes);
    } catch (error) {
      throw new TypeError(
        `${fn}: expected ${source} to be a checkpoint written by ${writer}, but ${(error as Error).message}`,
        { cause: error },
      );
    }
    const schedule = overrides.schedule ?? checkpoint.schedule;
    if (schedule === null) {
      throw new TypeError(
        `${fn}: ${source} has no schedule spec (it was made by fromFunction); pass overrides.schedule`,
      );
    }
    const batchSize = overrides.batchSize ?? checkpoint.batchSize;
    const trainer = await OnnxTrainer.createAs(Trainer, fallback, {
      model: checkpoint.forward,
      optimizer: checkpoint.optimizer,
      schedule,
      seed: checkpoint.seed,
      ...(batchSize === undefined ? {} : { batchSize }),
      restoreOnNonFiniteLoss: overrides.restoreOnNonFiniteLoss ?? checkpoint.restoreOnNonFiniteLoss,
      ...(overrides.sessionOptions ? { sessionOptions: overrides.sessionOptions } : {}),
      ...(overrides.runtime ? { runtime: overrides.runtime } : {}),
    });
    try {
      await trainer.restore(checkpoint.state);
    } catch (error) {
      await trainer.release();
      throw new TypeError(
        `${fn}: ${source} does not match its own graph: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return trainer;
  }

  /** Releases both onnxruntime sessions; the trainer cannot be used afterwards. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await Promise.all([this.#train.release(), this.#eval.release()]);
  }

  #checkLive(fn: string): void {
    if (this.#released) throw new Error(`${fn}: the trainer was released`);
  }
}

/** Sets each name to the session's output `<name>.next`. */
function swapIn(
  into: Map<string, Tensor>,
  names: readonly (readonly [string, string])[],
  results: InferenceSession.OnnxValueMapType,
): Map<string, Tensor> {
  for (const [name, next] of names) into.set(name, results[next] as Tensor);
  return into;
}

function dataOf(tensors: ReadonlyMap<string, Tensor>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of tensors) out[name] = t.data as Float32Array;
  return out;
}

function outputData(results: InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const value = results[name];
  if (value === undefined) throw new Error(`OnnxTrainer: the session returned no output '${name}'`);
  return value.data as Float32Array;
}
