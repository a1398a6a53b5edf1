import type { ParamDef } from './params.js';
import type { ScheduleParts } from './types.js';

/** The parameter table of a policy, typed from its parsed parameters. */
export type ParamDefs<P> = { readonly [K in keyof P]-?: ParamDef<P[K]> };

/**
 * Everything the library needs to know about a policy: its name, its parameters (defaults,
 * validation, docs), cross-parameter checks and the factory. Registering a definition makes
 * the policy available to `fromSpec`, the CLI and the bench by name.
 */
export interface PolicyDefinition<P extends object = Record<string, unknown>> {
  /** Spec name, camelCase: `{"policy": "<name>"}`. */
  readonly name: string;
  /** One line: what the policy does. */
  readonly summary: string;
  /** The formula in plain text, with a legend, for docs and `cyclr policies`. */
  readonly formula?: string;
  /** Parameters in the order they are resolved (a default may depend on earlier ones). */
  readonly params: ParamDefs<P>;
  /**
   * Checks between parameters (`maxLr >= baseLr`); call `fail(param, message)` to reject.
   * The message is the part after "<policy>: ".
   */
  readonly check?: (params: P, fail: (param: string, message: string) => never) => void;
  /** Builds the schedule from parsed, defaulted parameters. Must not throw for valid ones. */
  readonly create: (params: P) => ScheduleParts;
}

/** Identity helper that infers `P` so a definition reads without type annotations. */
export function definePolicy<P extends object>(
  definition: PolicyDefinition<P>,
): PolicyDefinition<P> {
  return definition;
}
