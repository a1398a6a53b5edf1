import type { Attribute, ConstTensor, GraphNode } from './types.js';

/** Appends nodes with unique names and deduplicated constants, under a name prefix. */
export class NodeEmitter {
  readonly nodes: GraphNode[] = [];
  readonly constants: ConstTensor[] = [];
  readonly #constantKeys = new Map<string, string>();
  #counter = 0;

  /**
   * @param fuseAdd optional peephole: given `base + grad`, folds `base` into the node that
   * produced `grad` (e.g. as Gemm's C input) and names its output `out`; returns false when it
   * cannot, and {@link add} then emits a plain Add.
   */
  constructor(
    readonly prefix: string,
    readonly fuseAdd?: (base: string, grad: string, out: string) => boolean,
  ) {}

  /** `base + grad` as `out`, fused into grad's producer when possible (saves a full pass). */
  add(base: string, grad: string, out: string): string {
    if (this.fuseAdd?.(base, grad, out)) return out;
    return this.op('Add', [base, grad], undefined, out);
  }

  /** Adds a node; `outputName` fixes the (first) output's name, else a fresh one is made. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    outputName?: string,
  ): string {
    const name = `${this.prefix}/${opType}${this.#counter++}`;
    const out = outputName ?? name;
    this.nodes.push({
      opType,
      name,
      inputs: [...inputs],
      outputs: [out],
      ...(attributes ? { attributes } : {}),
    });
    return out;
  }

  /** A float32 constant, shared when the same values are asked for again. */
  float(values: readonly number[], dims: readonly number[] = []): string {
    const key = `f:${dims.join('x')}:${values.join(',')}`;
    const existing = this.#constantKeys.get(key);
    if (existing !== undefined) return existing;
    const name = `${this.prefix}/const${this.#constantKeys.size}`;
    this.#constantKeys.set(key, name);
    this.constants.push({
      name,
      dtype: 'float32',
      dims: [...dims],
      data: new Float32Array(values),
    });
    return name;
  }
}
