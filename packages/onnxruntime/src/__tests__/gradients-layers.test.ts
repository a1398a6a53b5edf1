// LayerNormalization and Gather (op and layers: layerNorm, gelu, embedding) vs float64 finite
// differences, and the layers' option checks.
import { describe, expect, it } from 'vitest';
import { dense, embedding, flatten, gelu, type Layer, layerNorm, sequential } from '../index.js';
import { BATCH, expectGradients, GraphBuilder, probed } from './helpers/graph-builder.js';

/** Stands in for an integer model input (B's part): a fixed int64 [BATCH, 4] index batch. */
function tokenIds(ids: number[]): Layer {
  return {
    kind: 'tokens',
    apply(ctx) {
      const flat = ctx.int64Constant('tokens', ids);
      const shape = [BATCH, ids.length / BATCH];
      const name = ctx.node('Reshape', [flat, ctx.int64Constant('tokens.shape', shape)]);
      return { name, shape };
    },
  };
}

describe('LayerNormalization and Gather vs float64 finite differences', () => {
  it('LayerNormalization over the last two axes (axis 1), no bias, scale broadcast', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3]);
    const y = g.node('LayerNormalization', [x, g.param('scale', [1, 3], 0.5, 1)], 'y', {
      axis: { i: 1 },
      epsilon: { f: 1e-3 },
    });
    await expectGradients(g.build([2, 3], g.toLogits(y, 6)), [BATCH, 2, 3]);
  });

  it('LayerNormalization with its Mean/InvStdDev outputs named in the forward graph', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 4]);
    const y = g.node(
      'LayerNormalization',
      [x, g.param('scale', [4], 0.5, 1), g.param('bias', [4])],
      'y',
      { axis: { i: -1 } },
      ['y', 'y_mean', 'y_invstd'],
    );
    await expectGradients(g.build([2, 4], g.toLogits(y, 8)), [BATCH, 2, 4]);
  });

  it('Gather axis 0 with repeated and negative indices (embedding), and axis 1 with int32 indices', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [4]);
    const ids = g.int64('ids', [1, 3, 3, -1, 0, 1], [BATCH, 2]);
    const rows = g.node('Gather', [g.param('table', [5, 4]), ids], 'rows');
    const mixed = g.node(
      'Add',
      [rows, g.node('Unsqueeze', [x, g.int64('one', [1])], 'xu')],
      'mixed',
    );
    // axis 1 of a [4, 3, 2] parameter with [2, 2] int32 indices: [4, 2, 2, 2].
    const cols = g.node(
      'Gather',
      [g.param('cube', [4, 3, 2]), g.int32('pick', [2, 0, 2, 2], [2, 2])],
      'cols',
      { axis: { i: 1 } },
    );
    const picked = g.node(
      'Transpose',
      [g.node('Reshape', [cols, g.int64('c', [4, 8])], 'cr')],
      'ct',
    );
    const y = g.node('MatMul', [g.node('Flatten', [mixed], 'mf'), picked], 'y');
    await expectGradients(g.build([4], g.toLogits(y, 4)), [BATCH, 4]);
  });

  it('Gather with a scalar index on axis 1 (torch h[:, 0], the class token)', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [3, 4]);
    const h = g.node('MatMul', [x, g.param('w', [4, 4])], 'h');
    const first = g.node('Gather', [h, g.int64('zero', [0], [])], 'first', { axis: { i: 1 } });
    const last = g.node('Gather', [h, g.int64('minusOne', [-1], [])], 'last', { axis: { i: -2 } });
    const y = g.node('Mul', [first, last], 'y');
    await expectGradients(g.build([3, 4], g.toLogits(y, 4)), [BATCH, 3, 4]);
  });

  it('layers: embedding -> layerNorm -> gelu -> flatten -> dense', async () => {
    const model = sequential({
      inputShape: [4],
      layers: [
        tokenIds([0, 5, 5, 2, 7, 1, 0, 9, 3, 3, 3, 8]),
        embedding(10, 3),
        layerNorm(),
        gelu(),
        flatten(),
        dense(3),
      ],
    }).build(2);
    expect(model.params.map((p) => `${p.name} [${p.dims}]`)).toEqual([
      'embedding0.weight [10,3]',
      'layerNorm0.weight [3]',
      'layerNorm0.bias [3]',
      'dense0.weight [12,3]',
      'dense0.bias [3]',
    ]);
    // Non-trivial scale and bias, so their own gradients matter to the others.
    const shift = (i: number) => Math.sin(i * 1.3) * 0.4;
    const params = model.params.map((p) =>
      p.name.startsWith('layerNorm') ? { ...p, data: p.data.map((v, i) => v + shift(i)) } : p,
    );
    await expectGradients({ ...model, params }, [BATCH, 4]);
  });
});

describe('layer options', () => {
  it('refuse unknown keys, suggesting the nearest valid one', () => {
    expect(() => layerNorm({ epsilion: 1e-6 } as never)).toThrow(
      'layerNorm: unknown option "epsilion" (did you mean "epsilon"?); expected one of epsilon, axis, name',
    );
    expect(() => embedding(10, 4, { nme: 'tok' } as never)).toThrow(
      'embedding: unknown option "nme" (did you mean "name"?)',
    );
    expect(() => embedding(0, 4)).toThrow(
      'embedding: expected vocab to be a positive integer, got 0',
    );
    expect(() => layerNorm({ epsilon: 0 })).toThrow(
      'layerNorm: expected epsilon to be a positive number, got 0',
    );
  });

  it('layerNorm refuses to normalize over the batch axis', () => {
    const model = sequential({ inputShape: [4], layers: [layerNorm({ axis: 0 }), dense(3)] });
    expect(() => model.build(1)).toThrow(/layerNorm: expected axis in \[1, 1\] or \[-1, -1\]/);
  });
});
