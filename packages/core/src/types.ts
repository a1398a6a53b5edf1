/**
 * A rate as a pure function of the step. `step` is the number of optimizer updates already
 * done (0-based): `fn(0)` is the value used by the first update. Defined for every finite
 * `step >= 0`; schedules with a length hold their final value after it.
 */
export type ScheduleFn = (step: number) => number;

/** The JSON form of a schedule: `{ "policy": "<name>", ...params }` with camelCase params. */
export interface PolicySpec {
  readonly policy: string;
  readonly [param: string]: unknown;
}

/**
 * A learning-rate schedule, with the momentum (or Adam beta1) schedule beside it for
 * policies that cycle momentum inversely to the rate (CLR with momentum bounds, 1cycle).
 */
export interface Schedule {
  /** Learning rate at `step`. */
  readonly lr: ScheduleFn;
  /** Momentum (SGD momentum, Adam/Adamax beta1, RMSProp momentum) at `step`, if cycled. */
  readonly momentum: ScheduleFn | undefined;
  /**
   * Number of steps the schedule is defined over; it holds its final value from this step on.
   * `undefined` for schedules without an end (step decay, cyclic policies, ...).
   */
  readonly totalSteps: number | undefined;
  /** The spec that recreates this schedule with {@link fromSpec}: spec -> schedule -> spec. */
  toJSON(): PolicySpec;
}

/** What a policy's factory returns; the registry adds `toJSON`. */
export interface ScheduleParts {
  readonly lr: ScheduleFn;
  readonly momentum?: ScheduleFn | undefined;
  readonly totalSteps?: number | undefined;
}
