// The benchmark models, each with a twin of the same architecture in train_step_torch.py.
// Batch 128 for all; inputs are synthetic (time per step does not depend on the values).
import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  globalAvgPool2d,
  type Layer,
  maxPool2d,
  relu,
  residual,
  type Sequential,
  sequential,
} from '../src/index.js';

export const BENCH_MODELS = ['mlp', 'cnn', 'resnet'] as const;
export type BenchModelName = (typeof BENCH_MODELS)[number];

export interface BenchModel {
  readonly model: Sequential;
  /** Values per example (the product of the input shape). */
  readonly inputSize: number;
  readonly classes: number;
}

/** ResNet's BasicBlock: two 3x3 conv + BN, a 1x1 strided conv + BN shortcut when the shape changes. */
function basicBlock(channels: number, strides: number, projection: boolean): Layer[] {
  const main = [
    conv2d(channels, { kernelSize: 3, strides, padding: 1, useBias: false }),
    batchNorm(),
    relu(),
    conv2d(channels, { kernelSize: 3, padding: 1, useBias: false }),
    batchNorm(),
  ];
  const shortcut = projection
    ? [conv2d(channels, { kernelSize: 1, strides, useBias: false }), batchNorm()]
    : undefined;
  return [residual(main, shortcut ? { shortcut } : {}), relu()];
}

const builders: Record<BenchModelName, () => BenchModel> = {
  // The reference MLP of the package's README.
  mlp: () => ({
    model: sequential({
      inputShape: [784],
      layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
    }),
    inputSize: 784,
    classes: 10,
  }),
  // Issue 9's CNN: Conv 1-16 5x5, ReLU, MaxPool 2, Conv 16-32 5x5, ReLU, MaxPool 2, FC 128, FC 10.
  cnn: () => ({
    model: sequential({
      inputShape: [1, 28, 28],
      layers: [
        conv2d(16, { kernelSize: 5 }),
        relu(),
        maxPool2d({ poolSize: 2 }),
        conv2d(32, { kernelSize: 5 }),
        relu(),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense(128, { kernelInitializer: 'heUniform' }),
        relu(),
        dense(10),
      ],
    }),
    inputSize: 784,
    classes: 10,
  }),
  // A small BN ResNet: a strided 3x3 stem (28 -> 14) keeps a step in the tens of ms, then
  // BasicBlocks 16 (14x14) -> 32 (7x7, stride 2) -> 64 (4x4, stride 2), GAP, FC 10.
  resnet: () => ({
    model: sequential({
      inputShape: [1, 28, 28],
      layers: [
        conv2d(16, { kernelSize: 3, strides: 2, padding: 1, useBias: false }),
        batchNorm(),
        relu(),
        ...basicBlock(16, 1, false),
        ...basicBlock(32, 2, true),
        ...basicBlock(64, 2, true),
        globalAvgPool2d(),
        flatten(),
        dense(10),
      ],
    }),
    inputSize: 784,
    classes: 10,
  }),
};

export function benchModel(name: string): BenchModel {
  const build = builders[name as BenchModelName];
  if (build === undefined) {
    throw new RangeError(
      `benchModel: expected model to be one of ${BENCH_MODELS.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  return build();
}
