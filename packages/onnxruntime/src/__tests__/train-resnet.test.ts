// A small BatchNorm ResNet, built from the layers in a few lines, trains on the Fashion-MNIST
// slice; the exported model (running statistics baked in) predicts what evaluate() scored.
import { describe, expect, it } from 'vitest';
import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  globalAvgPool2d,
  type Layer,
  OnnxTrainer,
  relu,
  residual,
  sequential,
} from '../index.js';
import { exportedAccuracy, fashion, lossRatio, trainEpochs } from './helpers/fashion.js';

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

/** A ResNet for [1, 28, 28]: a strided stem, one block per width, global average pool, dense. */
function resnet(widths: readonly number[], classes: number) {
  return sequential({
    inputShape: [1, 28, 28],
    layers: [
      conv2d(widths[0] ?? 8, { kernelSize: 3, strides: 2, padding: 1, useBias: false }),
      batchNorm(),
      relu(),
      ...widths.flatMap((w, i) => basicBlock(w, i === 0 ? 1 : 2, i > 0)),
      globalAvgPool2d(),
      flatten(),
      dense(classes),
    ],
  });
}

const train = fashion('train');
// Three epochs: with PyTorch's momentum 0.1 the running statistics need a few dozen steps to
// leave their initial 0/1 behind, and evaluation runs on them.
const EPOCHS = 3;

describe('training a BatchNorm ResNet', () => {
  it('the loss falls, and export and evaluate agree on the running statistics', async () => {
    const trainer = await OnnxTrainer.create({
      model: resnet([8, 16], 10),
      optimizer: { type: 'sgd', momentum: 0.9 },
      schedule: { policy: 'constant', lr: 0.05 },
      seed: 2,
    });
    const graph = trainer.forwardGraph;
    expect(graph.buffers?.length).toBe(2 * 6);
    expect(graph.nodes.filter((n) => n.opType === 'BatchNormalization')).toHaveLength(6);
    const losses = await trainEpochs(trainer, train, EPOCHS);
    expect(lossRatio(losses)).toBeLessThan(0.8);

    const test = fashion('test');
    const { accuracy } = await trainer.evaluate(test.inputs, test.labels);
    expect(accuracy).toBeGreaterThan(0.2); // chance is 0.1; 0.33 here
    expect(await exportedAccuracy(trainer, test)).toBe(accuracy);
    await trainer.release();
  });

  it('refuses unknown residual options with the nearest name, and mismatched paths', () => {
    expect(() => residual([relu()], { shortcuts: [] } as never)).toThrow(
      'residual: unknown option "shortcuts" (did you mean "shortcut"?); expected one of shortcut, name',
    );
    const model = sequential({
      inputShape: [2, 4, 4],
      layers: [residual([conv2d(3, { padding: 1 })]), flatten(), dense(2)],
    });
    expect(() => model.build(0)).toThrow(
      "residual 'residual0': the main path gives [batch,3,4,4] but the shortcut gives [batch,2,4,4]",
    );
  });
});
