import type { Attribute, ConstTensor, GraphNode } from './types.js';

/** How a {@link NodeEmitter} names nodes and fuses additions. */
export interface NodeEmitterOptions {
  /**
   * Names a node the caller did not name. Default: `<prefix>/<scope>/<opType><n>` (scope left
   * out when unset), one counter for all op types.
   */
  readonly nodeName?: (opType: string) => string;
  /**
   * Optional peephole: given `base + grad`, folds `base` into the node that produced `grad`
   * (e.g. as Gemm's C input) and names its output `out`; returns false when it cannot, and
   * {@link NodeEmitter.add} then emits a plain Add.
   */
  readonly fuseAdd?: (base: string, grad: string, out: string) => boolean;
}

/**
 * The one place graph nodes and constants are made: the layers' forward graph, the gradient
 * rules and the optimizer update all append through one of these, so unique names, output
 * naming and constant sharing cannot drift apart.
 */
export class NodeEmitter {
  readonly nodes: GraphNode[] = [];
  readonly constants: ConstTensor[] = [];
  /** Inserted into default node names after the prefix (backward: the forward node's name). */
  scope: string | undefined;
  readonly #sharedConstants = new Map<string, string>();
  readonly #kindCounters = new Map<string, number>();
  readonly #nodeName: (opType: string) => string;
  #counter = 0;

  constructor(
    readonly prefix: string,
    private readonly options: NodeEmitterOptions = {},
  ) {
    this.#nodeName =
      options.nodeName ??
      ((opType) => {
        const scope = this.scope === undefined ? '' : `${this.scope}/`;
        return `${this.prefix}/${scope}${opType}${this.#counter++}`;
      });
  }

  /** `<kind><n>`, counted per kind: `dense0`, `dense1`, `relu0`. */
  uniqueName(kind: string): string {
    const n = this.#kindCounters.get(kind) ?? 0;
    this.#kindCounters.set(kind, n + 1);
    return `${kind}${n}`;
  }

  /**
   * Adds a node named `name` (else a fresh name); its outputs are that name, then `name:1`,
   * `name:2`, ... for multi-output ops.
   */
  emit(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    outputCount = 1,
    name: string = this.#nodeName(opType),
  ): string[] {
    const outputs = Array.from({ length: outputCount }, (_, i) =>
      i === 0 ? name : `${name}:${i}`,
    );
    this.#push(opType, name, inputs, outputs, attributes);
    return outputs;
  }

  /** Adds a single-output node; `outputName` fixes the output's name, else it is the node's. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, Attribute>>,
    outputName?: string,
  ): string {
    const name = this.#nodeName(opType);
    const out = outputName ?? name;
    this.#push(opType, name, inputs, [out], attributes);
    return out;
  }

  /** `base + grad` as `out`, fused into grad's producer when possible (saves a full pass). */
  add(base: string, grad: string, out: string): string {
    if (this.options.fuseAdd?.(base, grad, out)) return out;
    return this.op('Add', [base, grad], undefined, out);
  }

  /** A float32 constant, shared when the same values are asked for again. */
  float(values: readonly number[], dims: readonly number[] = []): string {
    return this.#shared('float32', values, dims);
  }

  /** An int64 constant (default: a 1-D list), shared when the same values are asked for again. */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.#shared('int64', values, dims);
  }

  /** A constant under a name of the caller's (never shared: the name is part of a contract). */
  constant(
    name: string,
    dtype: 'float32' | 'int64',
    values: readonly number[],
    dims: readonly number[],
  ): string {
    const data =
      dtype === 'float32' ? new Float32Array(values) : BigInt64Array.from(values, (v) => BigInt(v));
    this.constants.push({ name, dtype, dims: [...dims], data });
    return name;
  }

  #shared(dtype: 'float32' | 'int64', values: readonly number[], dims: readonly number[]): string {
    const key = `${dtype}:${dims.join('x')}:${values.join(',')}`;
    const existing = this.#sharedConstants.get(key);
    if (existing !== undefined) return existing;
    const name = `${this.prefix}/const${this.#sharedConstants.size}`;
    this.#sharedConstants.set(key, name);
    return this.constant(name, dtype, values, dims);
  }

  #push(
    opType: string,
    name: string,
    inputs: readonly string[],
    outputs: string[],
    attributes: Readonly<Record<string, Attribute>> | undefined,
  ): void {
    this.nodes.push({
      opType,
      name,
      inputs: [...inputs],
      outputs,
      ...(attributes ? { attributes } : {}),
    });
  }
}
