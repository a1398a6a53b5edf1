import { checkOptionKeys } from '../layers/options.js';
import { checkParamSelector } from './param-selector.js';
import type { OptimizerControls, OptimizerOptions, ScheduledInputs } from './types.js';

/** Option keys of {@link OptimizerControls}, which every optimizer type takes. */
export const CONTROL_KEYS = ['clipNorm', 'weightDecayFilter', 'paramGroups'] as const;

/** Option keys of one {@link ParamGroup}. */
export const PARAM_GROUP_KEYS = ['params', 'lrMultiplier', 'weightDecay'] as const;

/**
 * Checks the optimizer's per-parameter controls on their own (which parameters they match is
 * checked when the graph is built, against the model's names).
 */
export function checkControls(
  fn: string,
  options: OptimizerOptions,
  scheduled: ScheduledInputs,
): void {
  const { clipNorm, weightDecayFilter, paramGroups }: OptimizerControls = options;
  if (clipNorm !== undefined && !(Number.isFinite(clipNorm) && clipNorm > 0)) {
    throw new RangeError(
      `${fn}: expected optimizer.clipNorm to be a finite number > 0, got ${clipNorm}`,
    );
  }
  if (
    weightDecayFilter !== undefined &&
    weightDecayFilter !== 'all' &&
    weightDecayFilter !== 'exclude1d'
  ) {
    throw new TypeError(
      `${fn}: expected optimizer.weightDecayFilter to be 'all' or 'exclude1d', got ${JSON.stringify(weightDecayFilter)}`,
    );
  }
  if (paramGroups === undefined) return;
  if (!Array.isArray(paramGroups)) {
    throw new TypeError(
      `${fn}: expected optimizer.paramGroups to be an array of { params, lrMultiplier?, weightDecay? }, got ${String(paramGroups)}`,
    );
  }
  paramGroups.forEach((group, i) => {
    const where = `optimizer.paramGroups[${i}]`;
    checkOptionKeys(fn, group, PARAM_GROUP_KEYS, where);
    checkParamSelector(fn, `${where}.params`, group.params);
    const { lrMultiplier, weightDecay } = group;
    if (lrMultiplier !== undefined && !(Number.isFinite(lrMultiplier) && lrMultiplier >= 0)) {
      throw new RangeError(
        `${fn}: expected ${where}.lrMultiplier to be a finite number >= 0, got ${lrMultiplier}`,
      );
    }
    if (weightDecay !== undefined && !(Number.isFinite(weightDecay) && weightDecay >= 0)) {
      throw new RangeError(
        `${fn}: expected ${where}.weightDecay to be a finite number >= 0, got ${weightDecay}`,
      );
    }
    // AdamW's decay factor 1 - lr * weightDecay is fed for the scheduled decay: a group's own
    // rate would need a second scheduled input.
    if (
      options.type === 'adamw' &&
      scheduled.has('weightDecay') &&
      (weightDecay !== undefined || (lrMultiplier ?? 1) !== 1)
    ) {
      throw new TypeError(
        `${fn}: expected ${where} to have no weightDecay or lrMultiplier with adamw while weightDecay is scheduled (hyperParameters.weightDecay), got ${JSON.stringify({ lrMultiplier, weightDecay })}`,
      );
    }
  });
}
