import type { Dim } from '../graph/types.js';
import { intAttr } from '../graph/types.js';
import { GraphError, input, nodeLabel, type OpDefinition, shapeOf } from './types.js';

function product(dims: readonly Dim[]): number | undefined {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return undefined;
    p *= d;
  }
  return p;
}

/** Flatten: [d0..dn] -> [d0*..*d(axis-1), d(axis)*..*dn]; dX = Reshape(dY, Shape(X)). */
export const flatten: OpDefinition = {
  opType: 'Flatten',
  inferShapes(node, shapes) {
    const x = shapeOf(shapes, 0, node);
    const axis = intAttr(node, 'axis', 1);
    const head = x.slice(0, axis);
    const tail = x.slice(axis);
    const tailSize = product(tail);
    if (tailSize === undefined) {
      throw new GraphError(
        `${nodeLabel(node)}: expected fixed dims after axis ${axis}, got [${x}]`,
      );
    }
    const headSize = product(head);
    return [[headSize ?? (head.length === 1 ? (head[0] ?? 1) : 'batch'), tailSize]];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [ctx.op('Reshape', [dY, ctx.op('Shape', [input(node, 0)])])];
  },
};

/** Reshape (constant shape input): dX = Reshape(dY, Shape(X)). */
export const reshape: OpDefinition = {
  opType: 'Reshape',
  inferShapes(node, shapes, ctx) {
    const x = shapeOf(shapes, 0, node);
    const target = ctx.constant(input(node, 1));
    if (target === undefined) {
      throw new GraphError(`${nodeLabel(node)}: expected the shape input to be a constant`);
    }
    const wanted = Array.from(target.data as BigInt64Array, Number);
    const out: Dim[] = wanted.map((d, i) => (d === 0 ? (x[i] ?? 0) : d));
    const known = product(x.filter((d) => typeof d === 'number'));
    const symbolic = x.filter((d) => typeof d !== 'number');
    const inferred = out.indexOf(-1);
    if (inferred >= 0) {
      const others = out.filter((_d, i) => i !== inferred);
      const rest = product(others.filter((d) => typeof d === 'number')) ?? 0;
      const otherSymbolic = others.filter((d) => typeof d !== 'number');
      // A symbolic dim kept (0 copies the batch dim) cancels against the input's.
      const sameSymbolic =
        otherSymbolic.length === symbolic.length &&
        otherSymbolic.every((d, i) => d === symbolic[i]);
      if (sameSymbolic) out[inferred] = (known ?? 0) / rest;
      else if (symbolic.length === 1 && otherSymbolic.length === 0 && rest === known)
        out[inferred] = symbolic[0] ?? 'batch';
      else {
        throw new GraphError(`${nodeLabel(node)}: cannot infer -1 in [${wanted}] from [${x}]`);
      }
    }
    return [out];
  },
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [ctx.op('Reshape', [dY, ctx.op('Shape', [input(node, 0)])]), undefined];
  },
};
