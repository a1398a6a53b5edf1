import {
  describeValue,
  fromSpec,
  type PlateauController,
  type RangeTestTrainer,
  type Schedule,
} from '@cyclr/core';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint.js';
import { buildAccumulationGraphs } from '../graph/accumulation-graphs.js';
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
import { DEFAULT_LOSS, type ResolvedLoss, resolveLoss } from '../losses/registry.js';
import type {
  Evaluation,
  EvaluationFor,
  LabelsFor,
  LossOptions,
  TrainingLabels,
} from '../losses/types.js';
import { optimizerGraph } from '../optimizers/create.js';
import { revivedSelectors, storableSelectors } from '../optimizers/param-selector.js';
import {
  type HyperParameters,
  nextName,
  type OptimizerGraph,
  type OptimizerOptions,
} from '../optimizers/types.js';
import { GradientAccumulator } from './accumulator.js';
import { resumedSchedules, savedSchedules } from './checkpoint-schedules.js';
import { dropoutMask } from './dropout-mask.js';
import { NonFiniteLossError } from './errors.js';
import { type BatchInputs, inputTensor } from './feeds.js';
import { frozenModel } from './freeze.js';
import { LossLabelFeed } from './loss-labels.js';
import {
  DEFAULT_SESSION_OPTIONS,
  type EvaluateOptions,
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
 *
 * The type parameter is the `loss` option: it types `step`'s labels (class indices, or a
 * Float32Array of targets for `'mse'` and `'binaryCrossEntropyWithLogits'`) and what
 * `evaluate` returns.
 */
export class OnnxTrainer<L extends LossOptions = 'softmaxCrossEntropy'> {
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
  /** Gradient accumulation (gradientAccumulationSteps > 1); `#train` then runs one micro-batch. */
  readonly #accumulator: GradientAccumulator | undefined;
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
  readonly #loss: ResolvedLoss;
  readonly #labels: LossLabelFeed;
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
    options: OnnxTrainerOptions<L>,
    schedule: Schedule,
    inputs: ScheduledInputsPlan,
    loss: ResolvedLoss,
    accumulator: GradientAccumulator | undefined,
  ) {
    this.#accumulator = accumulator;
    this.#runtime = runtime;
    const { Tensor } = runtime;
    this.#inputs = inputs;
    this.#loss = loss;
    this.#forward = forward;
    this.#graphs = graphs;
    this.#optimizer = optimizer;
    [this.#train, this.#eval] = sessions;
    this.#schedule = schedule;
    this.#featureShape = forward.input.shape.slice(1) as number[];
    this.#labels = new LossLabelFeed(
      loss.definition.labels,
      loss.definition.name,
      graphs.classes,
      this.#featureShape,
      forward.input.dtype,
      runtime.Tensor,
    );
    this.#batchSize = options.batchSize;
    this.#seed = options.seed ?? 0;
    this.#restoreOnNonFinite = options.restoreOnNonFiniteLoss ?? false;
    // A copy: a checkpoint must record the options the graph was built with (RegExps as JSON).
    this.#optimizerOptions = storableSelectors(options.optimizer);
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
  static create<L extends LossOptions = 'softmaxCrossEntropy'>(
    options: OnnxTrainerOptions<L>,
  ): Promise<OnnxTrainer<L>> {
    return OnnxTrainer.createAs(OnnxTrainer, undefined, options);
  }

  /**
   * {@link create} for an entry point's subclass: `Trainer` is the class to make, `fallback`
   * the runtime when `options.runtime` is not given (each entry point names its package, so
   * this module imports none).
   *
   * @internal
   */
  protected static async createAs<L extends LossOptions>(
    Trainer: typeof OnnxTrainer,
    fallback: OrtRuntime | undefined,
    options: OnnxTrainerOptions<L>,
  ): Promise<OnnxTrainer<L>> {
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
    const loss = resolveLoss('OnnxTrainer.create', options.loss);
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
    const accumulationSteps = options.gradientAccumulationSteps ?? 1;
    if (!(Number.isInteger(accumulationSteps) && accumulationSteps > 0)) {
      throw new RangeError(
        `OnnxTrainer.create: expected gradientAccumulationSteps to be a positive integer, got ${options.gradientAccumulationSteps}`,
      );
    }
    const schedule = fromSpec(options.schedule);
    const forward = frozenModel(
      'OnnxTrainer.create',
      resolveModel(options.model, seed),
      options.freeze,
    );
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
    if (inputs.monitor === 'accuracy' && loss.definition.accuracy === undefined) {
      throw new TypeError(
        `OnnxTrainer.create: expected plateau.monitor to be "loss" (loss ${loss.definition.name} reports no accuracy), got "accuracy"`,
      );
    }
    const optimizer = optimizerGraph(options.optimizer, inputs.scheduled);
    const graphs = buildTrainingGraphsWith(forward, optimizer, loss);
    const accumulation =
      accumulationSteps > 1
        ? buildAccumulationGraphs(forward, optimizer, accumulationSteps, loss)
        : undefined;
    const sessionOptions = { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions };
    const [train, evaluation, apply] = await Promise.all([
      InferenceSession.create(
        encodeModel(accumulation?.accumulate ?? graphs.trainStep),
        sessionOptions,
      ),
      InferenceSession.create(encodeModel(graphs.evaluation), sessionOptions),
      accumulation && InferenceSession.create(encodeModel(accumulation.apply), sessionOptions),
    ]);
    return new Trainer<L>(
      runtime,
      forward,
      graphs,
      optimizer,
      [train, evaluation],
      options,
      schedule,
      inputs,
      loss,
      accumulation &&
        apply &&
        new GradientAccumulator(accumulation, accumulationSteps, apply, runtime.Tensor),
    );
  }

  /** Optimizer updates done so far; the next `step()` uses `schedule.lr(globalStep)`. */
  get globalStep(): number {
    return this.#globalStep;
  }

  /** Micro-batches per optimizer update (`gradientAccumulationSteps`; 1 without accumulation). */
  get gradientAccumulationSteps(): number {
    return this.#accumulator?.steps ?? 1;
  }

  /**
   * Micro-batches accumulated since the last update: 0 right after a `step()` that applied an
   * update (always 0 without accumulation), so `trainer.accumulatedMicroBatches === 0` after a
   * step says it updated the parameters.
   */
  get accumulatedMicroBatches(): number {
    return this.#accumulator?.microBatches ?? 0;
  }

  /** The schedule the trainer feeds. */
  get schedule(): Schedule {
    return this.#schedule;
  }

  /** The forward graph being trained (its params hold the initial values). */
  get forwardGraph(): ForwardGraph {
    return this.#forward;
  }

  /**
   * The train-step model as ONNX bytes (for inspection, e.g. in Netron); with
   * `gradientAccumulationSteps` > 1, the micro-batch graph (forward, backward, accumulation).
   */
  trainStepModel(): Uint8Array {
    return encodeModel(this.#accumulator?.graphs.accumulate ?? this.#graphs.trainStep);
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
   * `labels`: class indices, one per row (softmax cross-entropy), or for `mse` and
   * `binaryCrossEntropyWithLogits` a Float32Array of rows x outputs targets.
   *
   * With `gradientAccumulationSteps` k > 1 the batch is one micro-batch: its gradient (over k) is
   * added to the accumulated one and its loss (the micro-batch's mean, not over k) returned;
   * every k-th call applies the update and advances the global step
   * ({@link accumulatedMicroBatches} is then 0). A NaN/inf loss drops the whole window.
   *
   * @example
   * const trainer = await OnnxTrainer.create({ ...options, gradientAccumulationSteps: 4 });
   * const loss = await trainer.step(microImages, microLabels); // 1 of 4 micro-batches
   * if (trainer.accumulatedMicroBatches === 0) console.log('updated, step', trainer.globalStep);
   */
  async step(inputs: BatchInputs, labels: LabelsFor<L>): Promise<number> {
    return this.#run('OnnxTrainer.step', inputs, labels, this.hyperParameters(), true);
  }

  /**
   * One update at explicit hyper-parameters (what the range test uses); advances the global step.
   * With `gradientAccumulationSteps` > 1, one micro-batch: the update uses the values passed to
   * the call that completes the window.
   */
  async stepWith(
    inputs: BatchInputs,
    labels: LabelsFor<L>,
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
    labels: TrainingLabels,
    hyper: HyperParameters,
    throwOnNonFinite: boolean,
  ): Promise<number> {
    this.#checkLive(fn);
    const rows = this.#labels.rows(fn, inputs, labels);
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
    const accumulator = this.#accumulator;
    feeds[this.#forward.input.name] = inputTensor(
      fn,
      inputs,
      this.#forward.input.dtype,
      this.#featureShape,
      0,
      rows,
      this.#runtime.Tensor,
    );
    feeds[LABELS] = this.#labels.stepTensor(fn, labels, rows);
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
        [
          this.#seed,
          accumulator ? accumulator.microBatchIndex(this.#globalStep) : this.#globalStep,
          index + 1,
        ],
        this.#runtime.Tensor,
      );
    });
    accumulator?.writeFeeds(feeds);
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
      accumulator?.discard();
      if (this.#restoreOnNonFinite && this.#previous) {
        this.#params = this.#previous.params;
        this.#states = this.#previous.states;
        this.#buffers = this.#previous.buffers;
        this.#globalStep = this.#previous.step;
      }
      if (throwOnNonFinite) throw new NonFiniteLossError(step, loss, this.#globalStep);
      return loss;
    }
    if (accumulator) {
      // Every micro-batch's forward updates the running statistics, as in PyTorch's train mode.
      this.#buffers = swapIn(
        this.#restoreOnNonFinite ? new Map() : this.#buffers,
        this.#nextNames.buffers,
        results,
      );
      if (!accumulator.collect(results)) return loss;
      this.#running = true;
      try {
        results = await accumulator.apply(feeds);
      } finally {
        this.#running = false;
      }
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
    if (!accumulator) {
      this.#buffers = swapIn(kept ? new Map() : this.#buffers, this.#nextNames.buffers, results);
    }
    this.#globalStep++;
    return loss;
  }

  /**
   * Mean loss, and the loss's accuracy, over any number of rows, run in chunks through the
   * forward-only graph. Accuracy: top-1 for softmax cross-entropy, per label (logit > 0 vs
   * target > 0.5) for binary cross-entropy; `mse` reports the loss only.
   */
  async evaluate(
    inputs: BatchInputs,
    labels: LabelsFor<L>,
    options: EvaluateOptions = {},
  ): Promise<EvaluationFor<L>> {
    const fn = 'OnnxTrainer.evaluate';
    this.#checkLive(fn);
    const rows = this.#labels.rows(fn, inputs, labels);
    checkOptionKeys(fn, options, ['batchSize', 'report']);
    const chunk = options.batchSize ?? 1024;
    if (!(Number.isInteger(chunk) && chunk > 0)) {
      throw new RangeError(`${fn}: expected batchSize to be a positive integer, got ${chunk}`);
    }
    const classes = this.#graphs.classes;
    const accuracy = this.#loss.definition.accuracy;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < rows; start += chunk) {
      const end = Math.min(rows, start + chunk);
      const n = end - start;
      const chunkLabels = this.#labels.chunk(labels, start, end);
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
        [LABELS]: this.#labels.chunkTensor(fn, chunkLabels, n),
      };
      for (const [name, t] of this.#params) feeds[name] = t;
      for (const [name, t] of this.#buffers) feeds[name] = t;
      const results = await this.#eval.run(feeds);
      lossSum += (outputData(results, LOSS)[0] as number) * n;
      if (accuracy) {
        correct += accuracy.correct(
          outputData(results, this.#forward.output),
          chunkLabels,
          n,
          classes,
        );
      }
    }
    const loss = lossSum / rows;
    const evaluation = accuracy
      ? { loss, accuracy: correct / (accuracy.per === 'row' ? rows : rows * classes) }
      : { loss };
    if (options.report) this.#report(fn, evaluation);
    return evaluation as EvaluationFor<L>;
  }

  #report(fn: string, evaluation: { loss: number; accuracy?: number }): void {
    const plateau = this.#inputs.plateau;
    if (!plateau) {
      throw new TypeError(
        `${fn}: expected the trainer to have a plateau (OnnxTrainer.create({ plateau: {...} })) to report to, got none`,
      );
    }
    // create() refuses monitor 'accuracy' for a loss without one.
    plateau.report(
      (evaluation as Evaluation)[this.#inputs.monitor],
      this.#schedule.lr(this.#globalStep),
    );
  }

  /** Current parameter values (copies), by name; frozen parameters (`freeze`) too. */
  parameters(): Record<string, Float32Array> {
    const trained = copyAll(this.#params);
    return Object.fromEntries(
      this.#forward.params.map((p) => [p.name, trained[p.name] ?? p.data.slice()]),
    );
  }

  /** Current buffer values (copies), by name: BatchNormalization running statistics. */
  buffers(): Record<string, Float32Array> {
    return copyAll(this.#buffers);
  }

  /**
   * Copies of the parameters, optimizer state, buffers and global step, and inside an
   * accumulation window its micro-batch count and gradients; {@link restore} puts them back exactly.
   */
  async snapshot(): Promise<TrainerState> {
    this.#checkLive('OnnxTrainer.snapshot');
    return {
      globalStep: this.#globalStep,
      params: copyAll(this.#params),
      optimizerState: copyAll(this.#states),
      buffers: copyAll(this.#buffers),
      ...accumulationOf(this.#accumulator),
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
    if (this.#accumulator) this.#accumulator.restore(fn, state.accumulation);
    else if (state.accumulation !== undefined) {
      throw new TypeError(
        `${fn}: expected a state without accumulation (this trainer has gradientAccumulationSteps 1), got ${state.accumulation.microBatches} accumulated micro-batches`,
      );
    }
    this.#globalStep = state.globalStep;
    this.#previous = undefined;
  }

  /**
   * The range-test trainer protocol (docs/architecture.md, "The trainer protocol") over this
   * trainer: `step(lr)` trains one batch from `source.nextBatch()` at that rate (momentum/beta1:
   * the optimizer's fixed value) and returns its loss; a NaN/inf loss is returned, not thrown, so the range test can see the divergence.
   * With `gradientAccumulationSteps` k > 1, one range-test step is one update: k batches from
   * `nextBatch()`, and the mean of their losses (a NaN/inf one is returned at once, the window
   * dropped); the trainer must be at an update boundary.
   */
  asRangeTestTrainer(source: RangeTestSource<LabelsFor<L>>): RangeTestTrainer {
    if (!source || typeof source.nextBatch !== 'function') {
      throw new TypeError(
        'OnnxTrainer.asRangeTestTrainer: expected source.nextBatch to be a function',
      );
    }
    const trainer: RangeTestTrainer = {
      step: async (lr: number) => {
        const microBatches = this.gradientAccumulationSteps;
        if (this.accumulatedMicroBatches !== 0) {
          throw new Error(
            `RangeTestTrainer.step: expected the trainer at an update boundary, got ${this.accumulatedMicroBatches} of ${microBatches} micro-batches accumulated`,
          );
        }
        let sum = 0;
        for (let i = 0; i < microBatches; i++) {
          const { inputs, labels } = source.nextBatch();
          const loss = await this.#run(
            'RangeTestTrainer.step',
            inputs,
            labels,
            { learningRate: lr, momentum: this.#optimizer.defaultMomentum },
            false,
          );
          if (!Number.isFinite(loss)) return loss;
          sum += loss;
        }
        return sum / microBatches;
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
   * The checkpoint as bytes: one safetensors file holding the forward graph, loss, optimizer
   * options, schedule spec, the `hyperParameters` schedules' specs, the plateau's options and
   * state, parameters, optimizer state, buffers, global step and seed (the dropout stream's
   * position). {@link OnnxTrainer.fromCheckpoint} continues from it bit-identically, on any
   * runtime: bytes written in a browser resume in Node and the reverse. Parameters are stored
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
    // Saving only at update boundaries keeps the format to whole updates; resuming is exact there.
    if (this.accumulatedMicroBatches !== 0) {
      throw new Error(
        `${fn}: expected the trainer at an update boundary, got ${this.accumulatedMicroBatches} of ${this.gradientAccumulationSteps} micro-batches accumulated; save after the step that applies the update (accumulatedMicroBatches === 0)`,
      );
    }
    return encodeCheckpoint({
      forward: this.#forward,
      optimizer: this.#optimizerOptions,
      ...(this.#loss.spec === DEFAULT_LOSS ? {} : { loss: this.#loss.spec }),
      // Specs (null when made by fromFunction: load then needs an override) and plateau state.
      ...savedSchedules(this.#schedule, this.#inputs),
      seed: this.#seed,
      ...(this.#batchSize === undefined ? {} : { batchSize: this.#batchSize }),
      restoreOnNonFiniteLoss: this.#restoreOnNonFinite,
      ...(this.#accumulator ? { gradientAccumulationSteps: this.#accumulator.steps } : {}),
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
   * `save`): same graph, loss, optimizer, schedule, `hyperParameters` schedules, plateau (options
   * and state), seed, parameters, optimizer state, buffers and global step. The type parameter
   * names the saved loss for the types of `step` and `evaluate` (the checkpoint's own loss is what
   * runs), e.g. `OnnxTrainer.fromCheckpoint<'mse'>(bytes)`. `overrides` may replace the schedule
   * and `hyperParameters` schedules (required for those made by `fromFunction`), sessionOptions,
   * batchSize, restoreOnNonFiniteLoss and the runtime. Corrupt bytes throw one error naming the
   * flaw, before any session is opened.
   *
   * @example
   * const response = await fetch('/checkpoints/run-1.safetensors');
   * const trainer = await OnnxTrainer.fromCheckpoint(new Uint8Array(await response.arrayBuffer()));
   */
  static fromCheckpoint<L extends LossOptions = 'softmaxCrossEntropy'>(
    bytes: Uint8Array,
    overrides: LoadOverrides = {},
  ): Promise<OnnxTrainer<L>> {
    return OnnxTrainer.fromCheckpointAs<L>(OnnxTrainer, undefined, bytes, overrides);
  }

  /** @internal {@link fromCheckpoint} for an entry point's subclass (see {@link createAs}). */
  protected static async fromCheckpointAs<L extends LossOptions>(
    Trainer: typeof OnnxTrainer,
    fallback: OrtRuntime | undefined,
    bytes: Uint8Array,
    overrides: LoadOverrides,
  ): Promise<OnnxTrainer<L>> {
    const fn = 'OnnxTrainer.fromCheckpoint';
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`${fn}: expected bytes to be a Uint8Array, got ${describeValue(bytes)}`);
    }
    return OnnxTrainer.resumeAs<L>(Trainer, fallback, {
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
  protected static async resumeAs<L extends LossOptions>(
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
  ): Promise<OnnxTrainer<L>> {
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
    const optimizerType = checkpoint.optimizer?.type;
    const schedules = resumedSchedules(
      fn,
      source,
      checkpoint,
      optimizerType === 'adam' || optimizerType === 'adamw' ? optimizerType : 'sgd',
      overrides,
    );
    const batchSize = overrides.batchSize ?? checkpoint.batchSize;
    const trainer = await OnnxTrainer.createAs<LossOptions>(Trainer, fallback, {
      model: checkpoint.forward,
      optimizer: revivedSelectors(checkpoint.optimizer),
      ...(checkpoint.loss === undefined ? {} : { loss: checkpoint.loss }),
      ...schedules,
      seed: checkpoint.seed,
      ...(batchSize === undefined ? {} : { batchSize }),
      restoreOnNonFiniteLoss: overrides.restoreOnNonFiniteLoss ?? checkpoint.restoreOnNonFiniteLoss,
      ...(checkpoint.gradientAccumulationSteps === undefined
        ? {}
        : { gradientAccumulationSteps: checkpoint.gradientAccumulationSteps }),
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
    return trainer as unknown as OnnxTrainer<L>;
  }

  /** Releases both onnxruntime sessions; the trainer cannot be used afterwards. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await Promise.all([this.#train.release(), this.#eval.release(), this.#accumulator?.release()]);
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

function accumulationOf(
  accumulator: GradientAccumulator | undefined,
): Pick<TrainerState, 'accumulation'> {
  const accumulation = accumulator?.state();
  return accumulation === undefined ? {} : { accumulation };
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
