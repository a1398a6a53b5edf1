// The gradient table is open: one registered rule makes a new op trainable.
import { describe, expect, it } from 'vitest';
import { floatAttr } from '../graph/types.js';
import { dense, type Layer, registerOp, sequential, supportedOps } from '../index.js';
import { finiteDifferences } from './helpers/reference.js';
import { maxRelativeError, ortGradients } from './helpers/run-gradients.js';

function leakyRelu(alpha: number): Layer {
  return {
    kind: 'leakyRelu',
    apply: (ctx, x) => ({
      name: ctx.node('LeakyRelu', [x.name], { alpha: { f: alpha } }, ctx.uniqueName('leaky')),
      shape: x.shape,
    }),
  };
}

describe('registerOp', () => {
  it('adds LeakyRelu with one rule; its gradient matches finite differences', async () => {
    registerOp({
      opType: 'LeakyRelu',
      inferShapes: (_node, shapes) => [shapes[0] ?? []],
      // dX = dY where X > 0, else alpha * dY.
      gradient(node, [dY], ctx) {
        if (dY === undefined || !ctx.wants(node, 0)) return [];
        const x = node.inputs[0] as string;
        const zero = ctx.floatConstant([0], []);
        const alpha = ctx.floatConstant([floatAttr(node, 'alpha', 0.01)], []);
        return [ctx.op('Where', [ctx.op('Greater', [x, zero]), dY, ctx.op('Mul', [dY, alpha])])];
      },
    });
    expect(supportedOps()).toContain('LeakyRelu');
    expect(() => registerOp({ opType: 'Relu', inferShapes: () => [], gradient: () => [] })).toThrow(
      'registerOp: Relu already has a gradient rule',
    );

    const model = sequential({
      inputShape: [5],
      layers: [dense(6), leakyRelu(0.2), dense(3)],
    }).build(4);
    const input = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.7));
    const labels = [0, 1, 2, 1];
    const { grads } = await ortGradients(model, input, [4, 5], labels);
    const reference = finiteDifferences(
      model,
      { shape: [4, 5], data: Float64Array.from(input) },
      labels,
    );
    for (const p of model.params) {
      expect(
        maxRelativeError(grads[p.name] as Float32Array, reference[p.name] as Float64Array),
        p.name,
      ).toBeLessThan(2e-4);
    }
  });
});
