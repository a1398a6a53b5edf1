// Gradient of every supported op vs central finite differences of a float64 reference
// interpreter (helpers/reference.ts). A "probe" parameter added to the batch input makes the
// gradient w.r.t. each op's data input visible too (dProbe = dX).
import { describe, expect, it } from 'vitest';
import type { ForwardGraph, GraphNode, Param } from '../graph/types.js';
import {
  avgPool2d,
  batchNorm,
  conv2d,
  dense,
  dropout,
  flatten,
  globalAvgPool2d,
  type Layer,
  maxPool2d,
  relu,
  residual,
  sequential,
  sigmoid,
  tanh,
} from '../index.js';
import { seededRandom } from '../init/prng.js';
import { finiteDifferences } from './helpers/reference.js';
import { maxRelativeError, ortGradients } from './helpers/run-gradients.js';

const BATCH = 3;

function probe(): Layer {
  return {
    kind: 'probe',
    apply(ctx, x) {
      const dims = [BATCH, ...(x.shape.slice(1) as number[])];
      const p = ctx.param('probe', dims, 'glorotUniform', 4, 4);
      return { name: ctx.node('Add', [x.name, p], undefined, 'probe_add'), shape: dims };
    },
  };
}

function data(shape: readonly number[], seed: number) {
  const random = seededRandom(seed);
  const input = Float32Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    () => random() * 2 - 1,
  );
  const labels = Array.from({ length: shape[0] as number }, (_, i) => i % 3);
  return { input, labels };
}

async function check(
  model: ForwardGraph,
  inputShape: number[],
  masks: Record<string, Float32Array> = {},
) {
  const { input, labels } = data(inputShape, 7);
  const { grads } = await ortGradients(model, input, inputShape, labels, masks);
  const masks64 = Object.fromEntries(
    Object.entries(masks).map(([k, v]) => [k, Float64Array.from(v)]),
  );
  const reference = finiteDifferences(
    model,
    { shape: inputShape, data: Float64Array.from(input) },
    labels,
    masks64,
  );
  for (const p of model.params) {
    const error = maxRelativeError(
      grads[p.name] as Float32Array,
      reference[p.name] as Float64Array,
    );
    expect(error, `gradient of ${p.name}`).toBeLessThan(2e-4);
  }
}

function build(inputShape: number[], layers: Layer[], seed = 3): ForwardGraph {
  return sequential({ inputShape, layers: [probe(), ...layers] }).build(seed);
}

describe('gradients vs float64 finite differences', () => {
  it('Gemm + Relu (dense, relu, dense)', async () => {
    await check(build([5], [dense(6), relu(), dense(3)]), [BATCH, 5]);
  });

  it('Sigmoid and Tanh', async () => {
    await check(build([4], [dense(5), sigmoid(), dense(4), tanh(), dense(3)]), [BATCH, 4]);
  });

  it('Conv 3x3 same padding, Relu, MaxPool 2x2, Flatten', async () => {
    const model = build(
      [2, 6, 6],
      [conv2d(3, { padding: 'same' }), relu(), maxPool2d(), flatten(), dense(3)],
    );
    await check(model, [BATCH, 2, 6, 6]);
  });

  it('Conv stride 2 with a cropped weight gradient, and explicit padding', async () => {
    const model = build(
      [2, 6, 6],
      [
        conv2d(2, { kernelSize: 3, strides: 2 }),
        conv2d(2, { kernelSize: [2, 1], padding: 1 }),
        flatten(),
        dense(3),
      ],
    );
    await check(model, [BATCH, 2, 6, 6]);
  });

  it('MaxPool with overlapping windows and padding', async () => {
    const model = build(
      [2, 5, 5],
      [maxPool2d({ poolSize: 3, strides: 1, padding: 1 }), flatten(), dense(3)],
    );
    await check(model, [BATCH, 2, 5, 5]);
  });

  it('AveragePool, plain and padded (padding not counted)', async () => {
    await check(build([2, 4, 4], [avgPool2d(), flatten(), dense(3)]), [BATCH, 2, 4, 4]);
    await check(
      build([2, 5, 5], [avgPool2d({ poolSize: 3, strides: 2, padding: 1 }), flatten(), dense(3)]),
      [BATCH, 2, 5, 5],
    );
  });

  it('AveragePool over the whole (non-square) map after a conv: the Expand gradient', async () => {
    const model = build(
      [2, 4, 3],
      [conv2d(3, { padding: 1 }), avgPool2d({ poolSize: [4, 3] }), flatten(), dense(3)],
    );
    await check(model, [BATCH, 2, 4, 3]);
  });

  // BatchNormalization trains on batch statistics; its weight/bias start at 1/0, so they are
  // (a bias right before it has a zero gradient, so the layers there have none)
  // drawn at random here to make the scale's part of dX visible.
  function withRandomBatchNormParams(model: ForwardGraph, seed: number): ForwardGraph {
    const random = seededRandom(seed);
    const params = model.params.map((p) =>
      p.name.startsWith('batchNorm')
        ? { ...p, data: Float32Array.from(p.data, () => random() * 2 - 0.5) }
        : p,
    );
    return { ...model, params };
  }

  it('BatchNormalization in training mode, NCHW (through the batch statistics)', async () => {
    const model = build(
      [2, 4, 4],
      [conv2d(3, { padding: 'same', useBias: false }), batchNorm(), relu(), flatten(), dense(3)],
    );
    await check(withRandomBatchNormParams(model, 21), [BATCH, 2, 4, 4]);
  });

  it('BatchNormalization in training mode, [batch, features]', async () => {
    const model = build(
      [5],
      [dense(4, { useBias: false }), batchNorm({ epsilon: 1e-3 }), tanh(), dense(3)],
    );
    await check(withRandomBatchNormParams(model, 22), [BATCH, 5]);
  });

  it('a residual block with batchNorm and a strided 1x1 shortcut, global average pool', async () => {
    const model = build(
      [2, 4, 4],
      [
        residual(
          [
            conv2d(3, { strides: 2, padding: 1, useBias: false }),
            batchNorm(),
            relu(),
            conv2d(3, { padding: 1, useBias: false }),
            batchNorm(),
          ],
          { shortcut: [conv2d(3, { kernelSize: 1, strides: 2, useBias: false }), batchNorm()] },
        ),
        relu(),
        globalAvgPool2d(),
        flatten(),
        dense(3),
      ],
    );
    await check(withRandomBatchNormParams(model, 23), [BATCH, 2, 4, 4]);
  });

  it('Dropout in training mode (fed mask)', async () => {
    const model = build([4], [dense(6), dropout(0.5), dense(3)]);
    const random = seededRandom(11);
    const mask = Float32Array.from({ length: BATCH * 6 }, () => (random() < 0.5 ? 2 : 0));
    await check(model, [BATCH, 4], { 'dropout0.mask': mask });
  });

  it('Gemm transA/transB/alpha/beta, MatMul, Sub, Mul, Reshape', async () => {
    const random = seededRandom(5);
    const param = (name: string, dims: number[]): Param => ({
      name,
      dims,
      data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => random() - 0.5),
    });
    const node = (
      opType: string,
      inputs: string[],
      output: string,
      attributes?: GraphNode['attributes'],
    ): GraphNode => ({
      opType,
      name: output,
      inputs,
      outputs: [output],
      ...(attributes ? { attributes } : {}),
    });
    const model: ForwardGraph = {
      input: { name: 'x', dtype: 'float32', shape: ['batch', 4] },
      output: 'logits',
      params: [
        param('probe', [BATCH, 4]),
        param('w1', [5, 4]),
        param('b1', [1, 5]),
        param('w2', [5, 6]),
        param('s', [6]),
        param('wa', [4, 6]),
        param('wb', [4, 3]),
        param('wc', [4, 6]),
        param('wd', [3, 4]),
      ],
      constants: [
        { name: 'split', dtype: 'int64', dims: [3], data: BigInt64Array.from([0n, 2n, 3n]) },
        { name: 'merge', dtype: 'int64', dims: [2], data: BigInt64Array.from([0n, -1n]) },
      ],
      nodes: [
        node('Add', ['x', 'probe'], 'h0'),
        node('Gemm', ['h0', 'w1', 'b1'], 'h1', {
          transB: { i: 1 },
          alpha: { f: 0.7 },
          beta: { f: 1.5 },
        }),
        node('MatMul', ['h1', 'w2'], 'h2'),
        node('Sub', ['h2', 's'], 'h3'),
        node('Mul', ['h3', 'h3'], 'h4'),
        node('Reshape', ['h4', 'split'], 'h5'),
        node('Reshape', ['h5', 'merge'], 'h6'),
        // transA and transA+transB, both operands parameters: [6, 3] each.
        node('Gemm', ['wa', 'wb'], 'k1', { transA: { i: 1 } }),
        node('Gemm', ['wc', 'wd'], 'k2', { transA: { i: 1 }, transB: { i: 1 }, alpha: { f: 0.5 } }),
        node('Add', ['k1', 'k2'], 'k'),
        node('MatMul', ['h6', 'k'], 'logits'),
      ],
    };
    await check(model, [BATCH, 4]);
  });
});
