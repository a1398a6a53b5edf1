// Modern-CNN ops (grouped, depthwise and dilated Conv, Pad, GlobalAveragePool) vs float64
// finite differences.
import { describe, it } from 'vitest';
import type { Attribute } from '../graph/types.js';
import { BATCH, expectGradients, GraphBuilder, probed } from './helpers/graph-builder.js';

function convNet(
  channels: number,
  size: number,
  weights: [number, number, number, number],
  attributes: Record<string, Attribute>,
  outSize: [number, number],
) {
  const g = new GraphBuilder();
  const x = probed(g, [channels, size, size]);
  const y = g.node('Conv', [x, g.param('w', weights), g.param('b', [weights[0]])], 'y', attributes);
  const features = weights[0] * outSize[0] * outSize[1];
  return {
    model: g.build([channels, size, size], g.toLogits(y, features)),
    shape: [BATCH, channels, size, size],
  };
}

describe('Conv with groups and dilations vs float64 finite differences', () => {
  it('group 2: 4 -> 6 channels, padding 1', async () => {
    const { model, shape } = convNet(
      4,
      5,
      [6, 2, 3, 3],
      { group: { i: 2 }, pads: { ints: [1, 1, 1, 1] } },
      [5, 5],
    );
    await expectGradients(model, shape);
  });

  it('depthwise (groups == channels) with a channel multiplier of 2, stride 2', async () => {
    const { model, shape } = convNet(
      3,
      6,
      [6, 1, 3, 3],
      { group: { i: 3 }, strides: { ints: [2, 2] }, pads: { ints: [1, 0, 1, 1] } },
      [3, 3],
    );
    await expectGradients(model, shape);
  });

  it('dilation 2 with stride 2 (and a cropped weight gradient)', async () => {
    const { model, shape } = convNet(
      2,
      7,
      [3, 2, 2, 3],
      { dilations: { ints: [2, 2] }, strides: { ints: [2, 2] } },
      [3, 2],
    );
    await expectGradients(model, shape);
  });

  it('depthwise, dilation 2, asymmetric padding', async () => {
    const { model, shape } = convNet(
      2,
      6,
      [2, 1, 3, 3],
      { group: { i: 2 }, dilations: { ints: [2, 1] }, pads: { ints: [2, 0, 1, 1] } },
      [5, 5],
    );
    await expectGradients(model, shape);
  });
});

describe('Pad and GlobalAveragePool vs float64 finite differences', () => {
  it('Pad constant mode with a value, asymmetric, on channels and space', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3, 3]);
    const padded = g.node(
      'Pad',
      [x, g.int64('pads', [0, 1, 2, 0, 0, 0, 1, 1]), g.float('value', [0.7])],
      'padded',
    );
    const y = g.node('Mul', [padded, g.param('w', [3, 6, 4], 1)], 'y');
    await expectGradients(g.build([2, 3, 3], g.toLogits(y, 72)), [BATCH, 2, 3, 3]);
  });

  it('Pad with negative pads (a crop) and all-zero pads', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 4]);
    const cropped = g.node('Pad', [x, g.int64('crop', [0, 0, -1, 0, 0, 2])], 'cropped');
    const same = g.node('Pad', [cropped, g.int64('zero', [0, 0, 0, 0, 0, 0])], 'same');
    await expectGradients(g.build([2, 4], g.toLogits(same, 10)), [BATCH, 2, 4]);
  });

  it('GlobalAveragePool after a conv', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 4, 3]);
    const c = g.node('Conv', [x, g.param('w', [4, 2, 2, 2])], 'c');
    const pooled = g.node('GlobalAveragePool', [c], 'pooled');
    await expectGradients(g.build([2, 4, 3], g.toLogits(pooled, 4)), [BATCH, 2, 4, 3]);
  });
});
