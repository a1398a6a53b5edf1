// The page the browser-train test bundles (esbuild, platform browser) and opens in headless
// Chromium: it trains on @cyclr/onnxruntime/web with onnxruntime-web's wasm backend, the wasm
// served by the test's local server, and hands back losses, fed rates and weights.

import { fromSpec, type PolicySpec } from '@cyclr/core';
import * as ort from 'onnxruntime-web';
import { dense, OnnxTrainer, type OrtRuntime, relu, sequential } from '../../web.js';

/** What the test asks the page to train. */
export interface BrowserRunRequest {
  readonly schedule: PolicySpec;
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly hidden: number;
}

/** What the page hands back (plain arrays: they cross the Playwright bridge as JSON). */
export interface BrowserRunResult {
  readonly losses: number[];
  /** The `learning_rate` tensor's value in each train-step run, as the session was fed it. */
  readonly fedLearningRates: number[];
  /** `Math.fround(schedule.lr(step))` computed in the page, for each step. */
  readonly scheduleLearningRates: number[];
  /** Parameters after all steps, trainer on the default runtime (onnxruntime-web). */
  readonly params: Record<string, number[]>;
  /** Whether the trainer on the recording runtime ended with bit-identical parameters. */
  readonly recordedRunIdentical: boolean;
  /** The default-runtime trainer's checkpoint after all steps. */
  readonly checkpoint: number[];
  /** Loss of one more step, on a trainer resumed from `checkpoint` in the page. */
  readonly resumedNextLoss: number;
  /** Loss of that step on the trainer that never stopped. */
  readonly straightNextLoss: number;
}

/** The page's global: the test calls `trainInBrowser` through Playwright. */
export interface TrainPageGlobal {
  trainInBrowser?: (request: BrowserRunRequest) => Promise<BrowserRunResult>;
}

// The wasm files come from the test's server, not from a CDN or the bundle's own directory.
ort.env.wasm.wasmPaths = '/ort/';
// Threads need cross-origin isolation (SharedArrayBuffer); one thread also matches Node's session options.
ort.env.wasm.numThreads = 1;

/** onnxruntime-web itself, its sessions wrapped to record the learning rate each run is fed. */
function recordingRuntime(fed: number[]): OrtRuntime {
  return {
    Tensor: ort.Tensor,
    InferenceSession: {
      create: (async (model: Uint8Array, options?: ort.InferenceSession.SessionOptions) => {
        const session = await ort.InferenceSession.create(model, options);
        const run = session.run.bind(session);
        session.run = ((feeds: ort.InferenceSession.FeedsType, ...rest: never[]) => {
          const rate = feeds.learning_rate;
          if (rate !== undefined) fed.push((rate.data as Float32Array)[0] as number);
          return run(feeds, ...rest);
        }) as typeof session.run;
        return session;
      }) as OrtRuntime['InferenceSession']['create'],
    },
  };
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`train-page: ${path} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

(globalThis as TrainPageGlobal).trainInBrowser = async (request) => {
  const pixels = await fetchBytes('/data/images');
  const labels = await fetchBytes('/data/labels');
  const inputs = Float32Array.from(pixels, (v) => v / 255);
  const features = 784;
  const options = {
    model: sequential({
      inputShape: [features],
      layers: [dense(request.hidden, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
    }),
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule: request.schedule,
    seed: request.seed,
  } as const;
  const trainer = await OnnxTrainer.create(options);
  const fedLearningRates: number[] = [];
  const recorded = await OnnxTrainer.create({
    ...options,
    runtime: recordingRuntime(fedLearningRates),
  });
  const batch = (step: number) => {
    const start = (step * request.batchSize) % labels.length;
    return {
      inputs: inputs.subarray(start * features, (start + request.batchSize) * features),
      labels: labels.subarray(start, start + request.batchSize),
    };
  };
  const losses: number[] = [];
  for (let step = 0; step < request.steps; step++) {
    const b = batch(step);
    losses.push(await trainer.step(b.inputs, b.labels));
    await recorded.step(b.inputs, b.labels);
  }
  const params = trainer.parameters();
  const recordedParams = recorded.parameters();
  const recordedRunIdentical = Object.entries(params).every(([name, values]) => {
    const other = recordedParams[name];
    return other !== undefined && values.every((v, i) => Object.is(v, other[i]));
  });
  const checkpoint = trainer.checkpointBytes();
  const resumed = await OnnxTrainer.fromCheckpoint(checkpoint);
  const next = batch(request.steps);
  const resumedNextLoss = await resumed.step(next.inputs, next.labels);
  const straightNextLoss = await trainer.step(next.inputs, next.labels);
  const schedule = fromSpec(request.schedule);
  await Promise.all([trainer.release(), recorded.release(), resumed.release()]);
  return {
    losses,
    fedLearningRates,
    scheduleLearningRates: losses.map((_, step) => Math.fround(schedule.lr(step))),
    params: Object.fromEntries(Object.entries(params).map(([name, v]) => [name, Array.from(v)])),
    recordedRunIdentical,
    checkpoint: Array.from(checkpoint),
    resumedNextLoss,
    straightNextLoss,
  };
};
