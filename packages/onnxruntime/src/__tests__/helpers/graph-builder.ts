// Hand-built forward graphs for the gradient tests: nodes, seeded parameters and constants,
// checked against central finite differences of the float64 reference interpreter.
import { expect } from 'vitest';
import type {
  Attribute,
  ConstTensor,
  Dim,
  ForwardGraph,
  GraphNode,
  Param,
} from '../../graph/types.js';
import { seededRandom } from '../../init/prng.js';
import { finiteDifferences } from './reference.js';
import { maxRelativeError, ortGradients } from './run-gradients.js';

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly params: Param[] = [];
  readonly constants: ConstTensor[] = [];
  readonly #random: () => number;

  constructor(seed = 5) {
    this.#random = seededRandom(seed);
  }

  /** A parameter drawn uniformly from [-scale, scale). */
  param(name: string, dims: number[], scale = 0.5, offset = 0): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = Float32Array.from(
      { length: count },
      () => offset + (this.#random() * 2 - 1) * scale,
    );
    this.params.push({ name, dims, data });
    return name;
  }

  float(name: string, values: number[], dims: number[] = []): string {
    this.constants.push({ name, dtype: 'float32', dims, data: new Float32Array(values) });
    return name;
  }

  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    this.constants.push({ name, dtype: 'int64', dims, data: BigInt64Array.from(values, BigInt) });
    return name;
  }

  int32(name: string, values: number[], dims: number[] = [values.length]): string {
    this.constants.push({ name, dtype: 'int32', dims, data: Int32Array.from(values) });
    return name;
  }

  /** Adds a node named after its (first) output; extra outputs are `<output>:<i>`. */
  node(
    opType: string,
    inputs: string[],
    out: string,
    attributes?: Readonly<Record<string, Attribute>>,
    outputs: string[] = [out],
  ): string {
    this.nodes.push({ opType, name: out, inputs, outputs, ...(attributes ? { attributes } : {}) });
    return out;
  }

  /** The forward graph: `x` [batch, ...features] in, `logits` out. */
  build(features: Dim[], logits: string): ForwardGraph {
    this.node('Identity', [logits], 'logits');
    return {
      input: { name: 'x', dtype: 'float32', shape: ['batch', ...features] },
      output: 'logits',
      nodes: this.nodes,
      params: this.params,
      constants: this.constants,
    };
  }

  /** Flatten + Gemm to 3 classes: the loss needs [batch, classes] logits. */
  toLogits(value: string, features: number): string {
    const flat = this.node('Flatten', [value], `${value}.flat`);
    return this.node('Gemm', [flat, this.param(`${value}.head`, [features, 3])], `${value}.logits`);
  }
}

/** ORT gradients of every parameter vs float64 central differences (max relative error). */
export async function expectGradients(
  model: ForwardGraph,
  inputShape: number[],
  tolerance = 2e-4,
  seed = 7,
): Promise<void> {
  const random = seededRandom(seed);
  const count = inputShape.reduce((a, b) => a * b, 1);
  const input = Float32Array.from({ length: count }, () => random() * 2 - 1);
  const labels = Array.from({ length: inputShape[0] as number }, (_, i) => i % 3);
  const { grads } = await ortGradients(model, input, inputShape, labels);
  const reference = finiteDifferences(
    model,
    { shape: inputShape, data: Float64Array.from(input) },
    labels,
  );
  for (const p of model.params) {
    const error = maxRelativeError(
      grads[p.name] as Float32Array,
      reference[p.name] as Float64Array,
    );
    expect(error, `gradient of ${p.name}`).toBeLessThan(tolerance);
  }
}

/** Batch size of the hand-built gradient tests. */
export const BATCH = 3;

/** `x + probe`: a [BATCH, ...features] parameter whose gradient is dX, the input's gradient. */
export function probed(g: GraphBuilder, features: number[]): string {
  return g.node('Add', ['x', g.param('probe', [BATCH, ...features])], 'probed');
}
