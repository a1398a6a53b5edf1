import type { CliIO } from '../io.js';
import { readScheduleInput, type StepOptions } from '../schedule-input.js';
import { scheduleValues } from '../series.js';

/**
 * `cyclr values <spec> --steps N [--start S]`: one JSON object `{"lr": [...], "momentum": [...]}`
 * on stdout. JSON.stringify writes the shortest decimal that parses back to the same double,
 * so every value round-trips exactly.
 */
export function valuesCommand(specArgument: string, options: StepOptions, io: CliIO): void {
  const { schedule, steps, start } = readScheduleInput(specArgument, options, io.cwd);
  io.stdout(`${JSON.stringify(scheduleValues(schedule, steps, start))}\n`);
}
