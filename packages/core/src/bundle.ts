import { describeValue, ScheduleError } from './errors.js';
import { fromSpec } from './spec.js';
import type { PolicySpec, Schedule } from './types.js';

/**
 * Names to schedules, one per hyper-parameter, optax `inject_hyperparams`-style: the value of
 * hyper-parameter `name` at a step is `schedules[name].lr(step)` (every schedule's `lr` is just
 * "its value"). Conventional names, which the adapters map to their optimizers: `lr`,
 * `momentum` (SGD momentum / Adam beta1), `beta1`, `beta2`, `epsilon`, `rho`, `weightDecay`;
 * any other identifier is allowed (an ONNX graph input, a dropout rate in your own loop).
 */
export interface ScheduleBundle {
  /** The names, in the order given. */
  readonly names: readonly string[];
  /** The schedule of each name. */
  readonly schedules: Readonly<Record<string, Schedule>>;
  /**
   * Every value at `step`: `{ name: schedules[name].lr(step) }`, plus `momentum` from the `lr`
   * schedule's own momentum (1cycle, CLR with momentum bounds) when no `momentum` entry is given.
   */
  at(step: number): Record<string, number>;
  /** `{ name: spec }`: `scheduleBundle(JSON.parse(JSON.stringify(bundle)))` rebuilds it. */
  toJSON(): Record<string, PolicySpec>;
}

const NAME = 'scheduleBundle';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Builds a {@link ScheduleBundle} from schedules or their specs (so its JSON form, a plain
 * object of specs, is accepted too).
 *
 *   value(name, t) = schedules[name].lr(t)
 *
 * @example
 * const bundle = scheduleBundle({
 *   lr: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 1000 },
 *   weightDecay: { policy: 'cosine', lr: 1e-4, totalSteps: 1000 },
 *   beta2: { policy: 'constant', lr: 0.999 },
 * });
 * bundle.at(0); // { lr: 0.0004, weightDecay: 0.0001, beta2: 0.999, momentum: 0.95 }
 * JSON.stringify(bundle); // {"lr":{"policy":"oneCycle",...},"weightDecay":{...},"beta2":{...}}
 */
export function scheduleBundle(
  entries: Readonly<Record<string, Schedule | PolicySpec>>,
): ScheduleBundle {
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new ScheduleError(
      NAME,
      undefined,
      `expected an object of names to schedules or specs, got ${describeValue(entries)}`,
    );
  }
  const names = Object.keys(entries);
  if (names.length === 0) {
    throw new ScheduleError(NAME, undefined, 'expected at least one schedule, got an empty object');
  }
  const schedules: Record<string, Schedule> = {};
  for (const name of names) {
    if (!IDENTIFIER.test(name)) {
      throw new ScheduleError(
        NAME,
        name,
        `expected names to be identifiers (letters, digits, _ and .), got ${describeValue(name)}`,
      );
    }
    try {
      schedules[name] = fromSpec(entries[name] as Schedule | PolicySpec);
    } catch (error) {
      if (error instanceof ScheduleError) {
        throw new ScheduleError(NAME, name, `in ${name}: ${error.message}`);
      }
      throw error;
    }
  }
  const lrMomentum = schedules.lr?.momentum;
  if (lrMomentum && schedules.momentum) {
    throw new ScheduleError(
      NAME,
      'momentum',
      `expected one momentum schedule, got two: the lr schedule (${schedules.lr?.toJSON().policy}) cycles momentum and a momentum entry is given; drop one`,
    );
  }
  const entriesList = names.map((name) => [name, (schedules[name] as Schedule).lr] as const);
  return Object.freeze({
    names: Object.freeze(names),
    schedules: Object.freeze(schedules),
    at(step: number): Record<string, number> {
      const values: Record<string, number> = {};
      for (const [name, value] of entriesList) values[name] = value(step);
      if (lrMomentum) values.momentum = lrMomentum(step);
      return values;
    },
    toJSON(): Record<string, PolicySpec> {
      const out: Record<string, PolicySpec> = {};
      for (const name of names) out[name] = (schedules[name] as Schedule).toJSON();
      return out;
    },
  });
}
