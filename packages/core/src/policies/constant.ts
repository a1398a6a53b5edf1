import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import { buildSchedule } from '../schedule.js';
import type { Schedule } from '../types.js';

/** Options of {@link constant}. */
export interface ConstantOptions {
  /** The learning rate used at every step. */
  readonly lr: number;
}

export const constantPolicy = definePolicy<ConstantOptions>({
  name: 'constant',
  summary: 'The same learning rate at every step.',
  formula: 'lr(step) = lr',
  params: { lr: param.positive({ doc: 'learning rate' }) },
  create: ({ lr }) => ({ lr: () => lr }),
});

/**
 * A fixed learning rate.
 *
 * @example
 * constant({ lr: 0.01 }).lr(123); // 0.01
 */
export function constant(options: ConstantOptions): Schedule {
  return buildSchedule(constantPolicy, options);
}
