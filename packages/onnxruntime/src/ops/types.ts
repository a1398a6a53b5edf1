import type { Attribute, ConstTensor, Dim, GraphNode, ValueInfo } from '../graph/types.js';

/** A static tensor shape; string dims are symbolic (the batch). */
export type Shape = readonly Dim[];

/** What shape inference can read about the graph. */
export interface ShapeContext {
  /** The value of a constant (initializer), if the name is one. */
  constant(name: string): ConstTensor | undefined;
}

/** Helpers a gradient rule uses to emit backward nodes. */
export interface GradientContext {
  /** Adds a node; returns its output names (fresh, unique). */
  emit(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    outputCount?: number,
  ): string[];
  /** Adds a single-output node; returns its output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
  ): string;
  /** A float32 constant (shared when equal). */
  floatConstant(values: readonly number[], dims: readonly number[]): string;
  /** An int64 constant (shared when equal). */
  int64Constant(values: readonly number[], dims?: readonly number[]): string;
  /** Static shape of a forward value. */
  shape(name: string): Shape;
  /** Whether the forward node's input `index` needs a gradient (depends on a trained param). */
  wants(node: GraphNode, index: number): boolean;
  /** Whether `name` is the constant 1 seeded at the loss (skip multiplying by it). */
  isOne(name: string): boolean;
}

/** What a training-mode rewrite can read. */
export interface RewriteContext {
  shape(name: string): Shape;
  constant(name: string): ConstTensor | undefined;
}

/** What a training-mode rewrite of a node returns. */
export interface TrainingRewrite {
  readonly nodes: readonly GraphNode[];
  /** Extra graph inputs the trainer feeds every step (e.g. dropout masks). */
  readonly inputs?: readonly TrainingInput[];
  /** New values of buffers the node updates: `value` (a rewritten node's output) becomes `buffer`'s next value. */
  readonly bufferUpdates?: readonly { readonly buffer: string; readonly value: string }[];
}

/** An extra per-step input created by a training rewrite. */
export interface TrainingInput extends ValueInfo {
  /** How the trainer fills it each step. */
  readonly kind: { readonly type: 'dropoutMask'; readonly rate: number };
}

/**
 * One op of the gradient table: shape inference, the gradient rule, and optionally how the
 * node runs in a train-step graph (e.g. MaxPool also outputs its argmax indices).
 */
export interface OpDefinition {
  readonly opType: string;
  inferShapes(node: GraphNode, inputs: readonly Shape[], ctx: ShapeContext): Shape[];
  /**
   * Gradients of the inputs given the gradients of the outputs (`undefined` = zero / not
   * needed). Return `undefined` for inputs that need none (see {@link GradientContext.wants}).
   */
  gradient(
    node: GraphNode,
    dOutputs: readonly (string | undefined)[],
    ctx: GradientContext,
  ): (string | undefined)[];
  /**
   * Expands the node into cheaper standard ops when the graph is emitted (after
   * differentiation, so the gradient rule still sees one node). Default: unchanged.
   */
  lower?(node: GraphNode): { nodes: GraphNode[]; constants: ConstTensor[] };
  /**
   * Indices of inputs that are buffers (see ModelBuffer): state the node updates in training
   * through {@link TrainingRewrite.bufferUpdates}. The loader reads float initializers there as
   * buffers, not parameters. Default none.
   */
  readonly bufferInputs?: readonly number[];
  /** Rewrites the forward node for a train-step graph. Default: unchanged. */
  forTraining?(node: GraphNode, ctx: RewriteContext): TrainingRewrite;
}

/** Error for graphs the gradient table cannot handle. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
}

export function nodeLabel(node: GraphNode): string {
  return `${node.opType} node '${node.name}'`;
}

export function input(node: GraphNode, index: number): string {
  const name = node.inputs[index];
  if (name === undefined || name === '') {
    throw new GraphError(`${nodeLabel(node)}: expected input ${index}, got none`);
  }
  return name;
}

export function output(node: GraphNode, index: number): string {
  const name = node.outputs[index];
  if (name === undefined || name === '') {
    throw new GraphError(`${nodeLabel(node)}: expected output ${index}, got none`);
  }
  return name;
}

export function shapeOf(shapes: readonly Shape[], index: number, node: GraphNode): Shape {
  const s = shapes[index];
  if (s === undefined) throw new GraphError(`${nodeLabel(node)}: missing shape of input ${index}`);
  return s;
}

/** NumPy broadcasting of two shapes. */
export function broadcast(a: Shape, b: Shape, node: GraphNode): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === 1 || da === db) out.push(db);
    else if (db === 1) out.push(da);
    // A symbolic dim against a fixed one: the fixed size is what runs.
    else if (typeof da === 'string' && typeof db === 'number') out.push(db);
    else if (typeof db === 'string' && typeof da === 'number') out.push(da);
    else {
      throw new GraphError(
        `${nodeLabel(node)}: cannot broadcast shapes [${a.join(', ')}] and [${b.join(', ')}]`,
      );
    }
  }
  return out;
}

/**
 * Sums `grad` (shaped like `outShape`) down to `target`'s shape, undoing broadcasting.
 */
export function reduceTo(
  ctx: GradientContext,
  grad: string,
  outShape: Shape,
  target: string,
): string {
  const to = ctx.shape(target);
  const lead = outShape.length - to.length;
  const axes: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    if (i < lead) axes.push(i);
    else if (to[i - lead] === 1 && outShape[i] !== 1) axes.push(i);
  }
  if (axes.length === 0) return grad;
  // Only leading axes reduced (a bias): drop them directly instead of keepdims + Reshape.
  if (axes.length === lead) {
    return ctx.op('ReduceSum', [grad, ctx.int64Constant(axes)], { keepdims: { i: 0 } });
  }
  const summed = ctx.op('ReduceSum', [grad, ctx.int64Constant(axes)], { keepdims: { i: 1 } });
  if (lead === 0) return summed;
  const fixed = to.every((d) => typeof d === 'number');
  const shape = fixed ? ctx.int64Constant(to as number[]) : ctx.op('Shape', [target]);
  return ctx.op('Reshape', [summed, shape]);
}
