// The chart module, also at `@cyclr/cli/charts` (the root keeps these for compatibility).
export * from './chart/index.js';
export type { ParamDoc, PolicyDoc } from './commands/policies.js';
export { describePolicies } from './commands/policies.js';
export type { CliIO } from './io.js';
export { run } from './run.js';
export type { ScheduleValues } from './series.js';
export { scheduleValues } from './series.js';
