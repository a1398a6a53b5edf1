import type { NodeEmitter } from '../graph/emitter.js';

const made = new WeakMap<NodeEmitter, Map<string, string>>();

/**
 * `input x factor` (a group's lr from the fed `learning_rate`), one Mul per emitter, input and
 * factor however many parameters share it; `input` itself when the factor is 1.
 */
export function scaledScalar(emit: NodeEmitter, input: string, factor: number): string {
  if (factor === 1) return input;
  let cache = made.get(emit);
  if (cache === undefined) {
    cache = new Map();
    made.set(emit, cache);
  }
  const key = `${input}*${factor}`;
  let name = cache.get(key);
  if (name === undefined) {
    name = emit.op('Mul', [input, emit.float([factor])]);
    cache.set(key, name);
  }
  return name;
}
