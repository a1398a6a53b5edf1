// Attention-block ops (N-D MatMul, Transpose, Softmax, Concat, Squeeze/Unsqueeze, reductions)
// vs float64 finite differences.
import { describe, it } from 'vitest';
import { BATCH, expectGradients, GraphBuilder, probed } from './helpers/graph-builder.js';

describe('attention-block ops vs float64 finite differences', () => {
  it('two-head self-attention: MatMul [B,S,D]x[D,D], Reshape, Transpose, scaled Softmax', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [3, 4]);
    const heads = g.int64('heads', [0, 3, 2, 2]);
    const project = (name: string) =>
      g.node(
        'Transpose',
        [
          g.node(
            'Reshape',
            [g.node('MatMul', [x, g.param(`w${name}`, [4, 4])], name), heads],
            `${name}.r`,
          ),
        ],
        `${name}.t`,
        { perm: { ints: [0, 2, 1, 3] } },
      );
    const [q, k, v] = [project('q'), project('k'), project('v')];
    const kT = g.node('Transpose', [k], 'kT', { perm: { ints: [0, 1, 3, 2] } });
    const scores = g.node(
      'Div',
      [g.node('MatMul', [q, kT], 'qk'), g.float('root', [Math.SQRT2])],
      'scores',
    );
    const attention = g.node('Softmax', [scores], 'attention', { axis: { i: -1 } });
    const mixed = g.node('MatMul', [attention, v], 'mixed');
    const merged = g.node(
      'Reshape',
      [
        g.node('Transpose', [mixed], 'mt', { perm: { ints: [0, 2, 1, 3] } }),
        g.int64('merge', [0, 3, 4]),
      ],
      'merged',
    );
    await expectGradients(g.build([3, 4], g.toLogits(merged, 12)), [BATCH, 3, 4]);
  });

  it('Slice: a packed q/k/v projection split by constant starts/ends, negative and open-ended', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [3, 4]);
    const qkv = g.node('MatMul', [x, g.param('wqkv', [4, 12])], 'qkv');
    const axis = g.int64('axis', [-1]);
    const q = g.node('Slice', [qkv, g.int64('q0', [0]), g.int64('q1', [4]), axis], 'q');
    const k = g.node('Slice', [qkv, g.int64('k0', [-8]), g.int64('k1', [-4]), axis], 'k');
    const v = g.node('Slice', [qkv, g.int64('v0', [8]), g.int64('v1', [1_000_000]), axis], 'v');
    // No axes input: starts/ends apply to axes 0.. (batch all, rows 1..2).
    const rows = g.node('Slice', [v, g.int64('r0', [0, 1]), g.int64('r1', [1_000_000, 3])], 'rows');
    const scores = g.node(
      'MatMul',
      [q, g.node('Transpose', [k], 'kT', { perm: { ints: [0, 2, 1] } })],
      'scores',
    );
    const mixed = g.node('MatMul', [g.node('Softmax', [scores], 'att'), v], 'mixed');
    const y = g.node('Concat', [mixed, rows], 'y', { axis: { i: 1 } });
    await expectGradients(g.build([3, 4], g.toLogits(y, 5 * 4)), [BATCH, 3, 4]);
  });

  it('MatMul broadcasting batch dims both ways: [B,1,3,4] x [2,4,3]', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [1, 3, 4]);
    const y = g.node('MatMul', [x, g.param('w', [2, 4, 3])], 'y');
    // And a [2, 3] x [B, 2, 3, 2] product: A broadcast over the batch and the heads.
    const z = g.node(
      'MatMul',
      [g.param('a', [2, 3]), g.node('Transpose', [y], 'yT', { perm: { ints: [0, 1, 3, 2] } })],
      'z',
    );
    await expectGradients(g.build([1, 3, 4], g.toLogits(z, 2 * 2 * 3)), [BATCH, 1, 3, 4]);
  });

  it('Softmax on a non-last axis, LogSoftmax on a negative axis, default Transpose', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [3, 4]);
    const s = g.node('Softmax', [x], 's', { axis: { i: 1 } });
    const scaled = g.node('Mul', [s, g.param('w', [3, 4], 1)], 'scaled');
    const l = g.node('LogSoftmax', [scaled], 'l', { axis: { i: -2 } });
    const t = g.node('Transpose', [l], 't');
    const back = g.node('Transpose', [t], 'back');
    await expectGradients(g.build([3, 4], g.toLogits(back, 12)), [BATCH, 3, 4]);
  });

  it('Concat on a negative axis with a parameter, Unsqueeze and Squeeze', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3]);
    const token = g.node(
      'Expand',
      [g.param('cls', [1, 2, 1]), g.int64('tokenShape', [BATCH, 2, 1])],
      'token',
    );
    const joined = g.node('Concat', [token, x, x], 'joined', { axis: { i: -1 } });
    const up = g.node('Unsqueeze', [joined, g.int64('at', [1, -1])], 'up');
    const down = g.node('Squeeze', [up, g.int64('from', [-1])], 'down');
    const squeezed = g.node('Squeeze', [down], 'squeezed');
    await expectGradients(g.build([2, 3], g.toLogits(squeezed, 14)), [BATCH, 2, 3]);
  });
});

describe('ReduceSum / ReduceMean vs float64 finite differences', () => {
  it('ReduceSum axes input, keepdims 1 and 0, negative axes', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3, 4]);
    const kept = g.node('ReduceSum', [x, g.int64('last', [-1])], 'kept');
    const dropped = g.node('ReduceSum', [x, g.int64('mid', [1, -1])], 'dropped', {
      keepdims: { i: 0 },
    });
    const y = g.node(
      'Mul',
      [
        g.node('Flatten', [kept], 'kf'),
        g.node('Flatten', [g.node('Concat', [dropped, dropped], 'd2', { axis: { i: 1 } })], 'df'),
      ],
      'y',
    );
    await expectGradients(g.build([2, 3, 4], g.toLogits(y, 6)), [BATCH, 2, 3, 4]);
  });

  it('ReduceMean: attribute axes (opset 13-17) keepdims 0, and opset-18 axes input', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [2, 3, 4]);
    const a = g.node('ReduceMean', [x], 'a', { axes: { ints: [-3] }, keepdims: { i: 0 } });
    const b = g.node('ReduceMean', [x, g.int64('axes', [1, 3])], 'b');
    const y = g.node('Mul', [a, g.node('Reshape', [b, g.int64('flat', [0, 3, 1])], 'br')], 'y');
    await expectGradients(g.build([2, 3, 4], g.toLogits(y, 12)), [BATCH, 2, 3, 4]);
  });

  it('empty axes: reduce everything (batch included), or noop_with_empty_axes', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [4]);
    const w = g.node('Mul', [x, g.param('w', [4], 1)], 'wx');
    const total = g.node('ReduceSum', [w], 'total', { keepdims: { i: 0 } });
    const mean = g.node('ReduceMean', [w, g.int64('none', [], [0])], 'mean', {
      keepdims: { i: 1 },
    });
    const same = g.node('ReduceSum', [w, g.int64('none2', [], [0])], 'same', {
      noop_with_empty_axes: { i: 1 },
    });
    const y = g.node('Add', [g.node('Mul', [same, total], 'st'), mean], 'y');
    await expectGradients(g.build([4], g.toLogits(y, 4)), [BATCH, 4]);
  });
});
