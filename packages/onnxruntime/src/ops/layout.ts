import type { Dim } from '../graph/types.js';
import { intsAttr } from '../graph/types.js';
import { constantInts, normalizeAxis } from './axes.js';
import {
  broadcast,
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  reduceTo,
  shapeOf,
} from './types.js';

function permutation(node: Parameters<OpDefinition['gradient']>[0], rank: number): number[] {
  const perm =
    intsAttr(node, 'perm', undefined) ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((p, i) => p !== i)) {
    throw new GraphError(
      `${nodeLabel(node)}: expected perm to be a permutation of 0..${rank - 1}, got [${perm}]`,
    );
  }
  return [...perm];
}

/** Transpose (perm, default reversed): dX = Transpose(dY, inverse perm). */
export const transpose: OpDefinition = {
  opType: 'Transpose',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    return [permutation(node, x.length).map((p) => x[p] as Dim)];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const perm = permutation(node, ctx.shape(input(node, 0)).length);
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [ctx.op('Transpose', [dY], { perm: { ints: inverse } })];
  },
};

/** Axes of Squeeze/Unsqueeze: the opset-13 constant input (the attribute form is opset < 13). */
function axesInput(
  node: Parameters<OpDefinition['gradient']>[0],
  ctx: Parameters<OpDefinition['inferShapes']>[2],
): number[] | undefined {
  if (node.attributes?.axes !== undefined) {
    throw new GraphError(
      `${nodeLabel(node)}: expected axes as an input (opset >= 13), got an attribute`,
    );
  }
  return constantInts(node, 1, ctx, 'axes');
}

const reshapeBack: OpDefinition['gradient'] = (node, [dY], ctx) => {
  if (dY === undefined || !ctx.wants(node, 0)) return [];
  return [ctx.op('Reshape', [dY, ctx.op('Shape', [input(node, 0)])])];
};

/** Unsqueeze (axes input): inserts 1-dims; dX = Reshape(dY, Shape(X)). */
export const unsqueeze: OpDefinition = {
  opType: 'Unsqueeze',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const axes = axesInput(node, ctx);
    if (axes === undefined) throw new GraphError(`${nodeLabel(node)}: expected an axes input`);
    const rank = x.length + axes.length;
    const at = new Set(axes.map((a) => normalizeAxis(node, a, rank)));
    const rest = [...x];
    return [Array.from({ length: rank }, (_, i) => (at.has(i) ? 1 : (rest.shift() as Dim)))];
  },
  gradient: reshapeBack,
};

/** Squeeze (axes input, or every 1-dim): dX = Reshape(dY, Shape(X)). */
export const squeeze: OpDefinition = {
  opType: 'Squeeze',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const axes = axesInput(node, ctx)?.map((a) => normalizeAxis(node, a, x.length));
    for (const a of axes ?? []) {
      if (x[a] !== 1)
        throw new GraphError(`${nodeLabel(node)}: cannot squeeze axis ${a} of [${x}]`);
    }
    return [x.filter((d, i) => (axes ? !axes.includes(i) : d !== 1))];
  },
  gradient: reshapeBack,
};

/** Expand (constant shape; a broadcast class token or mask): dX = dY summed back to X's shape. */
export const expand: OpDefinition = {
  opType: 'Expand',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const target = constantInts(node, 1, ctx, 'shape');
    if (target === undefined) throw new GraphError(`${nodeLabel(node)}: expected a shape input`);
    return [broadcast(x, target, node)];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [reduceTo(ctx, dY, ctx.shape(output(node, 0)), input(node, 0)), undefined];
  },
};
