// Split (torch.split with sizes, equal parts) vs float64 finite
// differences, including an output no loss reads (its gradient is zeros).
import { describe, it } from 'vitest';
import { BATCH, expectGradients, GraphBuilder, probed } from './helpers/graph-builder.js';

describe('Split vs float64 finite differences', () => {
  it('sizes input on the last axis, one output unused, recombined with Mul and Concat', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [3, 4]);
    const z = g.node('MatMul', [x, g.param('w', [4, 9])], 'z');
    g.node('Split', [z, g.int64('sizes', [2, 4, 3])], 'a', { axis: { i: -1 } }, ['a', 'b', 'c']);
    // 'c' is never read: its gradient piece is zeros.
    const y = g.node('Concat', [g.node('Mul', ['a', 'a'], 'aa'), 'b'], 'y', { axis: { i: 2 } });
    await expectGradients(g.build([3, 4], g.toLogits(y, 3 * 6)), [BATCH, 3, 4]);
  });

  it('equal parts without sizes on a middle axis, split again on the last axis', async () => {
    const g = new GraphBuilder();
    const x = probed(g, [4, 3]);
    g.node('Split', [x], 'p', { axis: { i: 1 } }, ['p', 'q']);
    g.node('Split', ['q', g.int64('rs', [1, 2])], 'r', { axis: { i: 2 } }, ['r', 's']);
    const y = g.node('Add', [g.node('Mul', ['p', 'p'], 'pp'), g.node('Sigmoid', ['q'], 'sq')], 'y');
    const w = g.node('Mul', ['r', g.param('scale', [2, 1])], 'w');
    const joined = g.node('Concat', [y, w, 's'], 'joined', { axis: { i: 2 } });
    await expectGradients(g.build([4, 3], g.toLogits(joined, 2 * 6)), [BATCH, 4, 3]);
  });
});
