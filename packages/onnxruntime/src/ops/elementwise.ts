import { broadcast, input, type OpDefinition, output, reduceTo, shapeOf } from './types.js';

function binaryShapes(
  node: Parameters<OpDefinition['inferShapes']>[0],
  shapes: Parameters<OpDefinition['inferShapes']>[1],
) {
  return [broadcast(shapeOf(shapes, 0, node), shapeOf(shapes, 1, node), node)];
}

/** Add (broadcasting): dA = dY, dB = dY, each summed back to its input's shape. */
export const add: OpDefinition = {
  opType: 'Add',
  inferShapes: binaryShapes,
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const out = ctx.shape(output(node, 0));
    return [0, 1].map((i) =>
      ctx.wants(node, i) ? reduceTo(ctx, dY, out, input(node, i)) : undefined,
    );
  },
};

/** Sub (broadcasting): dA = dY, dB = -dY, each summed back to its input's shape. */
export const sub: OpDefinition = {
  opType: 'Sub',
  inferShapes: binaryShapes,
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const out = ctx.shape(output(node, 0));
    const dA = ctx.wants(node, 0) ? reduceTo(ctx, dY, out, input(node, 0)) : undefined;
    const dB = ctx.wants(node, 1)
      ? ctx.op('Neg', [reduceTo(ctx, dY, out, input(node, 1))])
      : undefined;
    return [dA, dB];
  },
};

/** Mul (broadcasting): dA = dY * B, dB = dY * A, each summed back to its input's shape. */
export const mul: OpDefinition = {
  opType: 'Mul',
  inferShapes: binaryShapes,
  gradient(node, [dY], ctx) {
    if (dY === undefined) return [];
    const out = ctx.shape(output(node, 0));
    const a = input(node, 0);
    const b = input(node, 1);
    return [
      ctx.wants(node, 0) ? reduceTo(ctx, ctx.op('Mul', [dY, b]), out, a) : undefined,
      ctx.wants(node, 1) ? reduceTo(ctx, ctx.op('Mul', [dY, a]), out, b) : undefined,
    ];
  },
};

/** Identity: dX = dY. */
export const identity: OpDefinition = {
  opType: 'Identity',
  inferShapes: (node, shapes) => [shapeOf(shapes, 0, node)],
  gradient: (_node, [dY]) => [dY],
};
