// Elementwise ops torch emits for GELU and a decomposed LayerNorm (Div, Pow, Sqrt, Erf, ...)
// vs float64 finite differences.
import { describe, expect, it } from 'vitest';
import { buildGradientGraph } from '../graph/train-graph.js';
import { BATCH, expectGradients, GraphBuilder, probed } from './helpers/graph-builder.js';
import { erf } from './helpers/reference-ops.js';

describe('elementwise ops vs float64 finite differences', () => {
  it('the reference erf matches known values', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(-1.5)).toBeCloseTo(-0.9661051464753108, 14);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 14);
  });

  it('GELU as torch exports it: x * 0.5 * (1 + Erf(x / sqrt 2))', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [4]);
    const h = g.node('Gemm', [x, g.param('w', [4, 5], 1)], 'h');
    const scaled = g.node('Div', [h, g.float('sqrt2', [Math.SQRT2])], 'scaled');
    const e = g.node('Erf', [scaled], 'erf');
    const onePlus = g.node('Add', [e, g.float('one', [1])], 'onePlus');
    const gelu = g.node('Mul', [g.node('Mul', [h, onePlus], 'hx'), g.float('half', [0.5])], 'gelu');
    await expectGradients(g.build([4], g.toLogits(gelu, 5)), [BATCH, 4]);
  });

  it('LayerNorm decomposed: ReduceMean, Sub, Pow(., 2), Add eps, Sqrt, Div', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 4]);
    const mean = g.node('ReduceMean', [x], 'mean', { axes: { ints: [-1] } });
    const centered = g.node('Sub', [x, mean], 'centered');
    const squared = g.node('Pow', [centered, g.float('two', [2])], 'squared');
    const variance = g.node('ReduceMean', [squared], 'variance', { axes: { ints: [-1] } });
    const std = g.node('Sqrt', [g.node('Add', [variance, g.float('eps', [1e-5])], 've')], 'std');
    const normalized = g.node('Div', [centered, std], 'normalized');
    const scaled = g.node('Mul', [normalized, g.param('scale', [4], 0.5, 1)], 'scaled');
    const y = g.node('Add', [scaled, g.param('bias', [4])], 'y');
    await expectGradients(g.build([2, 4], g.toLogits(y, 8)), [BATCH, 2, 4]);
  });

  it('Div broadcasting both ways, with both operands trained', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3]);
    // [3, 2, 3] / [2, 1]: B broadcast along the batch and the last axis.
    const q = g.node('Div', [x, g.param('d', [2, 1], 0.3, 1.5)], 'q');
    // [3] / [3, 2, 3]: A broadcast.
    const r = g.node(
      'Div',
      [g.param('n', [3]), g.node('Add', [q, g.float('three', [3])], 'q3')],
      'r',
    );
    await expectGradients(g.build([2, 3], g.toLogits(r, 6)), [BATCH, 2, 3]);
  });

  it('Neg, Exp, Log, and Pow with a broadcast fractional exponent', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [4]);
    const soft = g.node(
      'Log',
      [g.node('Add', [g.node('Exp', [g.node('Neg', [x], 'nx')], 'ex'), g.float('one', [1])], 'ep')],
      'softplus',
    );
    const p = g.node('Pow', [soft, g.float('exponents', [0.5, 1.5, 2, 3], [4])], 'p');
    await expectGradients(g.build([4], g.toLogits(p, 4)), [BATCH, 4]);
  });

  it('refuses a trained exponent', () => {
    const g = new GraphBuilder();
    const x = probed(g, [4]);
    const p = g.node('Pow', [x, g.param('e', [1])], 'p');
    expect(() => buildGradientGraph(g.build([4], g.toLogits(p, 4)))).toThrow(
      /Pow node 'p': the gradient w.r.t. the exponent is not supported/,
    );
  });
});
