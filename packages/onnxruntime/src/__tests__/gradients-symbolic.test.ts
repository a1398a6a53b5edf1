// The new ops on a symbolic batch dim: shape inference keeps it symbolic, and the gradient
// rules that depend on it (Reshape with 0, Shape/Expand, a mean over the batch) still match
// float64 finite differences. No probe here: a [3, ...] probe would fix the batch dim.
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../graph/shapes.js';
import type { ForwardGraph } from '../graph/types.js';
import type { Shape } from '../ops/types.js';
import { BATCH, expectGradients, GraphBuilder } from './helpers/graph-builder.js';

function shapesOf(model: ForwardGraph): Map<string, Shape> {
  const known = new Map<string, Shape>([[model.input.name, model.input.shape]]);
  for (const p of model.params) known.set(p.name, p.dims);
  for (const c of model.constants) known.set(c.name, c.dims);
  return inferShapes(model.nodes, known, new Map(model.constants.map((c) => [c.name, c])));
}

describe('ops on a symbolic batch', () => {
  it('grouped Conv, Pad, GlobalAveragePool, LayerNorm, Softmax, MatMul, mean over the batch', async () => {
    const g = new GraphBuilder();
    const padded = g.node('Pad', ['x', g.int64('pads', [0, 0, 1, 0, 0, 0, 0, 1])], 'padded');
    const c = g.node('Conv', [padded, g.param('w', [4, 1, 2, 2])], 'c', {
      group: { i: 2 },
      dilations: { ints: [1, 2] },
    });
    const pooled = g.node('GlobalAveragePool', [c], 'pooled');
    const tokens = g.node('Reshape', [c, g.int64('seq', [0, 4, 3])], 'tokens');
    const normed = g.node('LayerNormalization', [tokens, g.param('s', [3], 0.3, 1)], 'normed');
    const mixed = g.node(
      'MatMul',
      [g.node('Softmax', [normed], 'att', { axis: { i: 1 } }), g.param('m', [3, 2])],
      'mixed',
    );
    const centered = g.node(
      'Sub',
      [mixed, g.node('ReduceMean', [mixed], 'batchMean', { axes: { ints: [0] } })],
      'centered',
    );
    const flat = g.node(
      'Concat',
      [g.node('Flatten', [centered], 'cf'), g.node('Flatten', [pooled], 'pf')],
      'flat',
      { axis: { i: 1 } },
    );
    const logits = g.node('Gemm', [flat, g.param('head', [12, 3])], 'head.out');
    const model = g.build([2, 3, 2], logits);
    const shapes = shapesOf(model);
    expect(shapes.get('padded')).toEqual(['batch', 2, 4, 3]);
    expect(shapes.get('c')).toEqual(['batch', 4, 3, 1]);
    expect(shapes.get('tokens')).toEqual(['batch', 4, 3]);
    expect(shapes.get('mixed')).toEqual(['batch', 4, 2]);
    expect(shapes.get('batchMean')).toEqual([1, 4, 2]);
    expect(shapes.get('flat')).toEqual(['batch', 12]);
    await expectGradients(model, [BATCH, 2, 3, 2]);
  });
});
