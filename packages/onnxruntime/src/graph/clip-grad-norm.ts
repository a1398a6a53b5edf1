import type { NodeEmitter } from './emitter.js';

/**
 * Clips gradients by their global L2 norm in the graph, as PyTorch's
 * `torch.nn.utils.clip_grad_norm_(params, maxNorm)`:
 * norm = sqrt(sum over all gradients g of sum(g^2)); coef = min(1, maxNorm / (norm + 1e-6));
 * each gradient becomes coef x g (also when coef is 1, as PyTorch multiplies unconditionally).
 * Returns the clipped gradients' names, in `gradients`' order.
 */
export function clipGradNorm(
  emit: NodeEmitter,
  gradients: readonly string[],
  maxNorm: number,
): string[] {
  const squares = gradients.map((g) => emit.op('ReduceSumSquare', [g], { keepdims: { i: 0 } }));
  const total = squares.length === 1 ? (squares[0] as string) : emit.op('Sum', squares);
  const norm = emit.op('Sqrt', [total]);
  const coef = emit.op('Div', [emit.float([maxNorm]), emit.op('Add', [norm, emit.float([1e-6])])]);
  const clamped = emit.op('Min', [coef, emit.float([1])]);
  return gradients.map((g) => emit.op('Mul', [g, clamped]));
}
