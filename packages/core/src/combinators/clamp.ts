import { definePolicy } from '../definition.js';
import { param } from '../params.js';
import type { Schedule } from '../types.js';

interface ParsedClamp {
  readonly minLr: number | undefined;
  readonly maxLr: number | undefined;
  readonly schedule: Schedule;
}

export const clampPolicy = definePolicy<ParsedClamp>({
  name: 'clamp',
  summary: "Keeps a schedule's rate within [minLr, maxLr].",
  formula: 'lr(t) = min(max(schedule.lr(t), minLr), maxLr); momentum unchanged',
  params: {
    minLr: param.nonNegative({ doc: 'floor for the rate', optional: true }),
    maxLr: param.positive({ doc: 'ceiling for the rate', optional: true }),
    schedule: param.schedule({ doc: 'the schedule to clamp' }),
  },
  check: ({ minLr, maxLr }, fail) => {
    if (minLr === undefined && maxLr === undefined) {
      fail('minLr', 'expected minLr or maxLr (or both) to be given, got neither');
    }
    if (minLr !== undefined && maxLr !== undefined && maxLr < minLr) {
      fail('maxLr', `expected maxLr >= minLr (${minLr}), got ${maxLr}`);
    }
  },
  create: ({ minLr, maxLr, schedule }) => {
    const inner = schedule.lr;
    const floor = minLr ?? 0;
    const ceiling = maxLr ?? Number.POSITIVE_INFINITY;
    return {
      lr: (t) => Math.min(Math.max(inner(t), floor), ceiling),
      momentum: schedule.momentum,
      totalSteps: schedule.totalSteps,
    };
  },
});
