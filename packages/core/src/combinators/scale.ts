import { definePolicy } from '../definition.js';
import { invalid, type ParamDef, param } from '../params.js';
import type { Schedule } from '../types.js';

interface ParsedScale {
  readonly factor: number | Schedule;
  readonly schedule: Schedule;
}

const factorParam: ParamDef<number | Schedule> = {
  expected: 'a positive number or a schedule spec',
  doc: 'multiplier: a number, or a schedule evaluated at the same step',
  parse: (value, context) => {
    if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : invalid;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return context.toSchedule(value as Schedule);
    }
    return invalid;
  },
  serialize: (value) => (typeof value === 'number' ? value : value.toJSON()),
};

export const scalePolicy = definePolicy<ParsedScale>({
  name: 'scale',
  summary: "Multiplies a schedule's rate by a constant or by another schedule's value.",
  formula:
    'lr(t) = schedule.lr(t) * (factor is a number ? factor : factor.lr(t)); momentum unchanged',
  params: {
    factor: factorParam,
    schedule: param.schedule({ doc: 'the schedule whose rate is multiplied' }),
  },
  create: ({ factor, schedule }) => {
    const inner = schedule.lr;
    if (typeof factor === 'number') {
      return {
        lr: (t) => inner(t) * factor,
        momentum: schedule.momentum,
        totalSteps: schedule.totalSteps,
      };
    }
    const factorLr = factor.lr;
    // The product settles only once both have ended.
    const totalSteps =
      schedule.totalSteps === undefined || factor.totalSteps === undefined
        ? undefined
        : Math.max(schedule.totalSteps, factor.totalSteps);
    return { lr: (t) => inner(t) * factorLr(t), momentum: schedule.momentum, totalSteps };
  },
});
