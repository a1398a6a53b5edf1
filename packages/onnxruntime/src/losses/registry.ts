import { nearestName } from '@cyclr/core';
import { checkOptionKeys } from '../layers/options.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
import { mse } from './mse.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import type { LossDefinition, LossName, LossOptions } from './types.js';

const table = new Map<string, LossDefinition>(
  [softmaxCrossEntropy, mse, binaryCrossEntropyWithLogits].map((d) => [d.name, d]),
);

/**
 * The built-in loss names, in the README's order.
 *
 * @example
 * lossNames(); // ['softmaxCrossEntropy', 'mse', 'binaryCrossEntropyWithLogits']
 */
export function lossNames(): LossName[] {
  return [...table.keys()] as LossName[];
}

/** The nearest loss name; also a name the typo is a prefix of (`binaryCrossEntropy`) or equal to but for case (`MSE`). */
function suggestLoss(name: string): string | undefined {
  const lower = name.toLowerCase();
  return (
    nearestName(name, lossNames()) ??
    lossNames().find((n) => lower !== '' && n.toLowerCase().startsWith(lower))
  );
}

/** A loss option checked and resolved to its definition. */
export interface ResolvedLoss {
  readonly definition: LossDefinition;
  /** Options with defaults left out (what `build` and `normalize` see). */
  readonly options: Readonly<Record<string, number>>;
  /** The option as written to a checkpoint: the bare name when every option is at its default. */
  readonly spec: LossOptions;
}

/** The default loss: what every trainer had before the `loss` option. */
export const DEFAULT_LOSS: LossName = 'softmaxCrossEntropy';

/**
 * Checks a `loss` option (name or `{ type, ...options }`) and finds its definition; unknown
 * names and keys are refused with the nearest valid one.
 */
export function resolveLoss(fn: string, loss: LossOptions = DEFAULT_LOSS): ResolvedLoss {
  const isName = typeof loss === 'string';
  if (!isName && (loss === null || typeof loss !== 'object')) {
    throw new TypeError(
      `${fn}: expected loss to be a loss name or { type, ...options }, got ${String(loss)}`,
    );
  }
  const name: unknown = isName ? loss : (loss as { type?: unknown }).type;
  const definition = typeof name === 'string' ? table.get(name) : undefined;
  if (definition === undefined) {
    const suggestion = typeof name === 'string' ? suggestLoss(name) : undefined;
    throw new TypeError(
      `${fn}: expected loss${isName ? '' : '.type'} to be one of ${lossNames().join(', ')}, got ${JSON.stringify(name)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    );
  }
  let options: Record<string, number> = {};
  if (!isName) {
    checkOptionKeys(fn, loss, ['type', ...definition.optionKeys], 'loss');
    const { type: _type, ...rest } = loss as unknown as Record<string, unknown>;
    options = definition.normalize(fn, rest);
  }
  const spec = (
    Object.keys(options).length === 0 ? definition.name : { type: definition.name, ...options }
  ) as LossOptions;
  return { definition, options, spec };
}
