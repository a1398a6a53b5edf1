import { describeValue, ScheduleError } from './errors.js';
import { invalid, type ParamDef, param, rejectParam } from './params.js';
import { nearestName } from './suggest.js';

/** Options of {@link reduceLrOnPlateau}: PyTorch `ReduceLROnPlateau`'s, with its defaults. */
export interface PlateauOptions {
  /** `'min'` (default): reduce when the metric stops falling (a loss); `'max'`: stops rising (an accuracy). */
  readonly mode?: 'min' | 'max';
  /** Factor applied to the rate at each reduction, strictly between 0 and 1. Default 0.1. */
  readonly factor?: number;
  /** Reports without improvement tolerated; the next one reduces. Default 10. */
  readonly patience?: number;
  /** Least change that counts as an improvement (see `thresholdMode`). Default 1e-4. */
  readonly threshold?: number;
  /** `'rel'` (default): better than `best * (1 -/+ threshold)`; `'abs'`: than `best -/+ threshold`. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Reports after a reduction during which bad reports are not counted. Default 0. */
  readonly cooldown?: number;
  /** The plateau never reduces the rate below this. Default 0. */
  readonly minLr?: number;
  /** A reduction smaller than this is skipped (the rate is left as it is). Default 1e-8. */
  readonly eps?: number;
}

/**
 * Everything a plateau controller remembers, as plain JSON: `JSON.stringify` it with the
 * checkpoint and pass it back as `state` to resume exactly where it stopped.
 */
export interface PlateauState {
  /** What the controller multiplies the schedule's rate by (1 until the first reduction). */
  readonly multiplier: number;
  /** Best metric so far; `"Infinity"` / `"-Infinity"` before the first report (JSON has no infinities). */
  readonly best: number | 'Infinity' | '-Infinity';
  /** Reports since the last improvement (PyTorch `num_bad_epochs`). */
  readonly badReports: number;
  /** Reports of cooldown left (PyTorch `cooldown_counter`). */
  readonly cooldownLeft: number;
  /** Reports so far (PyTorch `last_epoch`). */
  readonly reports: number;
}

/** The one stateful piece of cyclr: see {@link reduceLrOnPlateau}. */
export interface PlateauController {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<Required<PlateauOptions>>;
  /** Current multiplier of the schedule's rate. */
  readonly multiplier: number;
  /**
   * The rate to train with when the schedule says `scheduleRate`:
   * `max(scheduleRate * multiplier, min(scheduleRate, minLr))`.
   */
  lr(scheduleRate: number): number;
  /**
   * Reports a metric (once per epoch / evaluation, as PyTorch's `scheduler.step(metric)`).
   * `scheduleRate` is the schedule's rate for the next update; it is what `minLr` and `eps`
   * are measured against. Returns whether the rate was reduced.
   */
  report(metric: number, scheduleRate: number): boolean;
  /** A copy of the state, plain JSON. */
  state(): PlateauState;
  /** `{ options, state }`: `reduceLrOnPlateau({ ...json.options, state: json.state })` resumes it. */
  toJSON(): { options: Required<PlateauOptions>; state: PlateauState };
}

const NAME = 'reduceLrOnPlateau';

const optionDefs: {
  readonly [K in keyof PlateauOptions]-?: ParamDef<NonNullable<PlateauOptions[K]>>;
} = {
  mode: param.oneOf(['min', 'max'] as const, { doc: 'direction of improvement', default: 'min' }),
  factor: param.openFraction({ doc: 'factor per reduction', default: 0.1 }),
  patience: param.nonNegativeInteger({ doc: 'bad reports tolerated', default: 10 }),
  threshold: param.nonNegative({ doc: 'least improvement', default: 1e-4 }),
  thresholdMode: param.oneOf(['rel', 'abs'] as const, {
    doc: 'threshold relative or absolute',
    default: 'rel',
  }),
  cooldown: param.nonNegativeInteger({ doc: 'reports ignored after a reduction', default: 0 }),
  minLr: param.nonNegative({ doc: 'floor of reductions', default: 0 }),
  eps: param.nonNegative({ doc: 'smallest reduction applied', default: 1e-8 }),
};
const optionNames = [...Object.keys(optionDefs), 'state'];

/** The option keys {@link reduceLrOnPlateau} takes: adapters that add their own (e.g. `monitor`) check against these. */
export const PLATEAU_OPTION_NAMES: readonly string[] = optionNames;

/**
 * A controller with PyTorch's exact `ReduceLROnPlateau` semantics and defaults, for any
 * schedule: report a metric after each evaluation; after more than `patience` reports without
 * improvement (by `threshold`, relative or absolute) the multiplier falls by `factor`, then
 * `cooldown` reports are not counted. State is plain data (`state()`, `toJSON()`), so a run
 * resumes exactly.
 *
 * Composition with a schedule `s` (what PyTorch leaves undefined): the rate at step t is
 *
 *   lr(t) = max(s(t) * m, min(s(t), minLr))
 *
 * where the multiplier m (1 at first) changes only at a report. At a report whose next update
 * has schedule rate r = s(t_next), with old = max(r * m, min(r, minLr)) the rate in force and
 * new = max(old * factor, minLr) as PyTorch computes it: if old - new > eps, m becomes new / r.
 * So the plateau never pushes the rate below `minLr` (the schedule itself may go lower), and
 * with a constant schedule every rate equals PyTorch's `param_group['lr']` (to rounding).
 *
 * @example
 * const plateau = reduceLrOnPlateau({ patience: 2, factor: 0.5 });
 * const s = cosine({ lr: 0.1, totalSteps: 10_000 });
 * // after each epoch: plateau.report(valLoss, s.lr(step)); train with plateau.lr(s.lr(step))
 * for (const loss of [1, 0.9, 0.9, 0.9, 0.9]) plateau.report(loss, 0.1);
 * plateau.multiplier; // 0.5 (third report without improvement)
 * plateau.lr(0.1);    // 0.05
 */
export function reduceLrOnPlateau(
  options: PlateauOptions & { readonly state?: PlateauState } = {},
): PlateauController {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ScheduleError(
      NAME,
      undefined,
      `expected an options object, got ${describeValue(options)}`,
    );
  }
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (optionNames.includes(key)) continue;
    const suggestion = nearestName(key, optionNames);
    throw new ScheduleError(
      NAME,
      key,
      `unknown option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${optionNames.join(', ')}`,
    );
  }
  const parsed: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(optionDefs) as [string, ParamDef<unknown>][]) {
    const value = raw[name];
    if (value === undefined) {
      parsed[name] = def.default;
      continue;
    }
    const result = def.parse(value, { policy: NAME, param: name, toSchedule: notASchedule });
    if (result === invalid) rejectParam(NAME, name, def.expected, value);
    parsed[name] = result;
  }
  const settings = Object.freeze(parsed) as Readonly<Required<PlateauOptions>>;
  const { mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps } = settings;
  const worst = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;

  const start = options.state === undefined ? undefined : parseState(options.state);
  let multiplier = start?.multiplier ?? 1;
  let best = start ? decodeBest(start.best) : worst;
  let badReports = start?.badReports ?? 0;
  let cooldownLeft = start?.cooldownLeft ?? 0;
  let reports = start?.reports ?? 0;

  // PyTorch's is_better, verbatim in meaning (NaN is never better).
  const isBetter =
    mode === 'min'
      ? thresholdMode === 'rel'
        ? (a: number) => a < best * (1 - threshold)
        : (a: number) => a < best - threshold
      : thresholdMode === 'rel'
        ? (a: number) => a > best * (threshold + 1)
        : (a: number) => a > best + threshold;

  const lr = (scheduleRate: number) =>
    Math.max(scheduleRate * multiplier, Math.min(scheduleRate, minLr));

  const state = (): PlateauState => ({
    multiplier,
    best: encodeBest(best),
    badReports,
    cooldownLeft,
    reports,
  });

  return {
    options: settings,
    get multiplier() {
      return multiplier;
    },
    lr,
    report(metric: number, scheduleRate: number): boolean {
      if (typeof metric !== 'number') {
        throw new ScheduleError(
          NAME,
          'metric',
          `expected metric to be a number, got ${describeValue(metric)}`,
        );
      }
      if (
        !(typeof scheduleRate === 'number' && scheduleRate >= 0 && Number.isFinite(scheduleRate))
      ) {
        throw new ScheduleError(
          NAME,
          'scheduleRate',
          `expected scheduleRate to be a finite number >= 0 (the schedule's rate for the next update), got ${describeValue(scheduleRate)}`,
        );
      }
      reports++;
      if (isBetter(metric)) {
        best = metric;
        badReports = 0;
      } else {
        badReports++;
      }
      if (cooldownLeft > 0) {
        cooldownLeft--;
        badReports = 0;
      }
      if (badReports <= patience) return false;
      cooldownLeft = cooldown;
      badReports = 0;
      const old = lr(scheduleRate);
      const next = Math.max(old * factor, minLr);
      if (!(old - next > eps)) return false;
      multiplier = next / scheduleRate;
      return true;
    },
    state,
    toJSON: () => ({ options: { ...settings }, state: state() }),
  };
}

function notASchedule(): never {
  throw new ScheduleError(NAME, undefined, 'takes no schedules');
}

function encodeBest(best: number): PlateauState['best'] {
  if (best === Number.POSITIVE_INFINITY) return 'Infinity';
  if (best === Number.NEGATIVE_INFINITY) return '-Infinity';
  return best;
}

function decodeBest(best: PlateauState['best']): number {
  if (best === 'Infinity') return Number.POSITIVE_INFINITY;
  if (best === '-Infinity') return Number.NEGATIVE_INFINITY;
  return best;
}

const stateKeys = ['multiplier', 'best', 'badReports', 'cooldownLeft', 'reports'] as const;

function parseState(state: unknown): PlateauState {
  const fail = (message: string): never => {
    throw new ScheduleError(
      NAME,
      'state',
      `expected state to be ${message}, got ${describeValue(state)}`,
    );
  };
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    fail('a PlateauState object (from state() or toJSON().state)');
  }
  const s = state as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!(stateKeys as readonly string[]).includes(key)) {
      const suggestion = nearestName(key, stateKeys);
      throw new ScheduleError(
        NAME,
        'state',
        `unknown state key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected ${stateKeys.join(', ')}`,
      );
    }
  }
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const { multiplier, best, badReports, cooldownLeft, reports } = s;
  if (!(typeof multiplier === 'number' && multiplier > 0 && multiplier <= 1)) {
    fail('an object whose multiplier is in (0, 1]');
  }
  if (
    !(
      best === 'Infinity' ||
      best === '-Infinity' ||
      (typeof best === 'number' && !Number.isNaN(best))
    )
  ) {
    fail('an object whose best is a number, "Infinity" or "-Infinity"');
  }
  if (!count(badReports) || !count(cooldownLeft) || !count(reports)) {
    fail('an object whose badReports, cooldownLeft and reports are integers >= 0');
  }
  return s as unknown as PlateauState;
}
