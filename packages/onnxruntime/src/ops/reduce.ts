import type { Dim, GraphNode } from '../graph/types.js';
import { intAttr, intsAttr } from '../graph/types.js';
import { constantInts, normalizeAxis } from './axes.js';
import {
  type GradientContext,
  GraphError,
  input,
  nodeLabel,
  type OpDefinition,
  output,
  type Shape,
  type ShapeContext,
  shapeOf,
} from './types.js';

/**
 * The reduced axes of a ReduceSum/ReduceMean node, non-negative and sorted; `undefined` for a
 * no-op (empty axes with noop_with_empty_axes = 1). Axes come from the input (ReduceSum opset
 * 13, both at opset 18) or the attribute (ReduceMean before 18); empty means every axis.
 */
function reducedAxes(node: GraphNode, rank: number, ctx: ShapeContext): number[] | undefined {
  const fromInput = constantInts(node, 1, ctx, 'axes');
  const axes = fromInput ?? intsAttr(node, 'axes', undefined)?.slice() ?? [];
  if (axes.length === 0) {
    if (intAttr(node, 'noop_with_empty_axes', 0) === 1) return undefined;
    return Array.from({ length: rank }, (_, i) => i);
  }
  return [...new Set(axes.map((a) => normalizeAxis(node, a, rank)))].sort((a, b) => a - b);
}

function reducedShape(node: GraphNode, shapes: readonly Shape[], ctx: ShapeContext): Shape[] {
  const x = shapeOf(shapes, 0, node);
  const axes = reducedAxes(node, x.length, ctx);
  if (axes === undefined) return [x];
  const keep = intAttr(node, 'keepdims', 1) === 1;
  const out: Dim[] = [];
  x.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return [out];
}

/**
 * dY broadcast back to X's shape: keepdims 0 first re-inserts the reduced axes (Unsqueeze with
 * the node's own axes, whose negative values mean the same for X's rank).
 */
function expandBack(node: GraphNode, dY: string, ctx: GradientContext): string {
  const x = input(node, 0);
  const xShape = ctx.shape(x);
  const yShape = ctx.shape(output(node, 0));
  let kept = dY;
  if (intAttr(node, 'keepdims', 1) === 0 && yShape.length !== xShape.length) {
    const axesName = node.inputs[1];
    const attr = intsAttr(node, 'axes', undefined);
    if (yShape.length === 0) {
      kept = ctx.op('Reshape', [dY, ctx.int64Constant(xShape.map(() => 1))]);
    } else if (axesName !== undefined && axesName !== '') {
      kept = ctx.op('Unsqueeze', [dY, axesName]);
    } else if (attr !== undefined) {
      kept = ctx.op('Unsqueeze', [dY, ctx.int64Constant([...attr])]);
    } else {
      throw new GraphError(`${nodeLabel(node)}: cannot tell which axes were reduced`);
    }
  }
  return ctx.op('Expand', [kept, ctx.op('Shape', [x])]);
}

/** Number of elements averaged: size(X) / size(Y), static when the symbolic dims cancel. */
function averagedCount(node: GraphNode, ctx: GradientContext): string | number {
  const xShape = ctx.shape(input(node, 0));
  const yShape = ctx.shape(output(node, 0));
  const symbolic = (s: Shape) =>
    s
      .filter((d) => typeof d === 'string')
      .sort()
      .join(',');
  if (symbolic(xShape) === symbolic(yShape)) {
    const fixed = (s: Shape) => s.reduce<number>((p, d) => p * (typeof d === 'number' ? d : 1), 1);
    return fixed(xShape) / fixed(yShape);
  }
  const cast = (name: string) => ctx.op('Cast', [ctx.op('Size', [name])], { to: { i: 1 } });
  return ctx.op('Div', [cast(input(node, 0)), cast(output(node, 0))]);
}

/** ReduceSum (opset 13 axes input; keepdims, noop_with_empty_axes): dX = dY broadcast to X. */
export const reduceSum: OpDefinition = {
  opType: 'ReduceSum',
  inferShapes: reducedShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    return [expandBack(node, dY, ctx)];
  },
};

/**
 * ReduceMean (axes attribute, or input as in opset 18): dX = dY broadcast to X / count.
 * The opset-18 form is lowered to ReduceSum / count so it runs in the opset-17 graphs.
 */
export const reduceMean: OpDefinition = {
  opType: 'ReduceMean',
  inferShapes: reducedShape,
  gradient(node, [dY], ctx) {
    if (dY === undefined || !ctx.wants(node, 0)) return [];
    const count = averagedCount(node, ctx);
    const scale = typeof count === 'number' ? ctx.floatConstant([1 / count], []) : undefined;
    const expanded = expandBack(node, dY, ctx);
    return [
      scale === undefined
        ? ctx.op('Div', [expanded, count as string])
        : ctx.op('Mul', [expanded, scale]),
    ];
  },
  lower(node) {
    const axes = node.inputs[1];
    if (axes === undefined || axes === '') return { nodes: [node], constants: [] };
    const x = input(node, 0);
    const y = output(node, 0);
    const sum = `${node.name}/sum`;
    const cast = (name: string, out: string) => [
      { opType: 'Size', name: `${out}/size`, inputs: [name], outputs: [`${out}/size`] },
      {
        opType: 'Cast',
        name: out,
        inputs: [`${out}/size`],
        outputs: [out],
        attributes: { to: { i: 1 } },
      },
    ];
    return {
      nodes: [
        { ...node, opType: 'ReduceSum', name: sum, outputs: [sum] },
        ...cast(x, `${node.name}/xsize`),
        ...cast(sum, `${node.name}/ysize`),
        {
          opType: 'Div',
          name: `${node.name}/count`,
          inputs: [`${node.name}/xsize`, `${node.name}/ysize`],
          outputs: [`${node.name}/count`],
        },
        { opType: 'Div', name: node.name, inputs: [sum, `${node.name}/count`], outputs: [y] },
      ],
      constants: [],
    };
  },
};
