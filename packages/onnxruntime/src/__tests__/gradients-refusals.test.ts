// What the new ops' rules refuse, each with the node named and what was expected.
import { describe, expect, it } from 'vitest';
import { buildGradientGraph } from '../graph/train-graph.js';
import { GraphBuilder, probed } from './helpers/graph-builder.js';

function build(make: (g: GraphBuilder, x: string) => string, features: number, dims = [2, 4]) {
  const g = new GraphBuilder();
  const x = probed(g, dims);
  return () => buildGradientGraph(g.build(dims, g.toLogits(make(g, x), features)));
}

describe('refused graphs', () => {
  it('1-D MatMul operands', () => {
    expect(build((g, x) => g.node('MatMul', [x, g.param('v', [4])], 'y'), 2)).toThrow(
      "MatMul node 'y': expected operands of rank >= 2 (1-D MatMul is not differentiable here), got [3,2,4] x [4]",
    );
  });

  it('Pad modes other than constant, a trained pad value, the opset-18 axes input', () => {
    const pads = (g: GraphBuilder) => g.int64('pads', [0, 0, 1, 0, 0, 1]);
    expect(
      build((g, x) => g.node('Pad', [x, pads(g)], 'y', { mode: { s: 'reflect' } }), 12),
    ).toThrow("Pad node 'y': only mode 'constant' is supported, got 'reflect'");
    expect(build((g, x) => g.node('Pad', [x, pads(g), g.param('value', [])], 'y'), 12)).toThrow(
      "Pad node 'y': the gradient w.r.t. constant_value is not supported",
    );
    expect(
      build((g, x) => g.node('Pad', [x, g.int64('p', [1, 1]), '', g.int64('a', [2])], 'y'), 12),
    ).toThrow("Pad node 'y': the axes input (opset 18) is not supported");
  });

  it('Squeeze/Unsqueeze axes as an attribute (opset < 13), Slice steps other than 1', () => {
    expect(build((g, x) => g.node('Unsqueeze', [x], 'y', { axes: { ints: [1] } }), 8)).toThrow(
      "Unsqueeze node 'y': expected axes as an input (opset >= 13), got an attribute",
    );
    const sliced = (g: GraphBuilder, x: string) =>
      g.node(
        'Slice',
        [x, g.int64('s', [0]), g.int64('e', [4]), g.int64('a', [2]), g.int64('st', [2])],
        'y',
      );
    expect(build(sliced, 4)).toThrow("Slice node 'y': only steps of 1 are supported, got [2]");
  });

  it('Conv weights that do not fit the group; a Softmax axis out of range', () => {
    const conv = (g: GraphBuilder, x: string) =>
      g.node('Conv', [x, g.param('w', [3, 2, 1, 1])], 'y', { group: { i: 2 } });
    expect(build(conv, 27, [4, 3, 3])).toThrow(
      "Conv node 'y': expected weights [out (a multiple of group 2), 4 / 2, kh, kw], got [3,2,1,1]",
    );
    expect(build((g, x) => g.node('Softmax', [x], 'y', { axis: { i: 3 } }), 8)).toThrow(
      "Softmax node 'y': axis 3 is out of range for rank 3",
    );
  });

  it('a gradient through LayerNormalization Mean output', () => {
    const make = (g: GraphBuilder, x: string) => {
      g.node('LayerNormalization', [x, g.param('s', [4])], 'n', undefined, [
        'n',
        'n_mean',
        'n_inv',
      ]);
      return g.node('Mul', ['n', 'n_mean'], 'y');
    };
    expect(build(make, 8)).toThrow(
      "LayerNormalization node 'n': gradients through the Mean/InvStdDev outputs are not supported",
    );
  });
});
