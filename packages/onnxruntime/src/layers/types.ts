import { nearestName } from '@cyclr/core';
import type { Attribute, Dim } from '../graph/types.js';
import type { Initializer } from '../init/initializers.js';

/** A value flowing between layers: its name and shape (first dim is the batch). */
export interface LayerValue {
  readonly name: string;
  readonly shape: readonly Dim[];
}

/** What a layer uses to add its nodes and parameters to the forward graph. */
export interface LayerContext {
  /** A unique name for this layer's nodes/params: `<kind><index>`. */
  uniqueName(kind: string): string;
  node(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    name?: string,
  ): string;
  param(
    name: string,
    dims: readonly number[],
    init: Initializer,
    fanIn: number,
    fanOut: number,
  ): string;
  /** A buffer (non-trainable state updated in training, see ModelBuffer) with initial values. */
  buffer(name: string, dims: readonly number[], values: readonly number[]): string;
  int64Constant(name: string, values: readonly number[]): string;
  floatConstant(name: string, values: readonly number[], dims: readonly number[]): string;
}

/** One layer of {@link sequential}: appends its nodes to the forward graph. */
export interface Layer {
  /** Layer type, e.g. `'dense'`. */
  readonly kind: string;
  apply(ctx: LayerContext, input: LayerValue): LayerValue;
}

/** Shape helper: a fixed dim or throw. */
export function fixed(dim: Dim | undefined, layer: string, what: string): number {
  if (typeof dim !== 'number')
    throw new TypeError(`${layer}: expected ${what} to be a fixed size, got ${String(dim)}`);
  return dim;
}

export function checkPositiveInt(fn: string, name: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new RangeError(`${fn}: expected ${name} to be a positive integer, got ${String(value)}`);
  }
}

/** Throws on an options key `fn` does not know, naming the nearest known one. */
export function checkOptionKeys(fn: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: expected an options object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = nearestName(key, known);
    throw new TypeError(
      `${fn}: unknown option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${known.join(', ')}`,
    );
  }
}
