import { builtinPolicies } from './builtins.js';
import type { PolicyDefinition } from './definition.js';
import { describeValue, ScheduleError } from './errors.js';

type AnyDefinition = PolicyDefinition<object>;

/** Built-ins first, then whatever `registerPolicy` adds, in that order. */
const registry = new Map<string, AnyDefinition>(
  builtinPolicies.map((definition) => [definition.name, definition as unknown as AnyDefinition]),
);

/**
 * Adds a policy to the registry so `fromSpec`, the CLI and the bench accept it by name.
 * Throws if the name is taken (pass `{ replace: true }` to override deliberately).
 */
export function registerPolicy<P extends object>(
  definition: PolicyDefinition<P>,
  options: { readonly replace?: boolean } = {},
): void {
  if (!/^[a-z][A-Za-z0-9]*$/.test(definition.name)) {
    throw new ScheduleError(
      'registerPolicy',
      'name',
      `expected name to be a camelCase identifier, got ${describeValue(definition.name)}`,
    );
  }
  if (registry.has(definition.name) && !options.replace) {
    throw new ScheduleError(
      'registerPolicy',
      'name',
      `a policy named "${definition.name}" is already registered (pass { replace: true } to override)`,
    );
  }
  registry.set(definition.name, definition as unknown as AnyDefinition);
}

/** Registered policy definitions, in registration order. */
export function listPolicies(): readonly PolicyDefinition<Record<string, unknown>>[] {
  return [...registry.values()] as unknown as PolicyDefinition<Record<string, unknown>>[];
}

/** The definition registered under `name`, or `undefined`. */
export function getPolicy(name: string): PolicyDefinition<Record<string, unknown>> | undefined {
  return registry.get(name) as PolicyDefinition<Record<string, unknown>> | undefined;
}
