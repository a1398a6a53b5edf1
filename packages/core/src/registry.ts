import { builtinPolicies } from './builtins.js';
import type { PolicyDefinition } from './definition.js';
import { describeValue, ScheduleError } from './errors.js';

type AnyDefinition = PolicyDefinition<object>;

const registry = new Map<string, AnyDefinition>();
let builtinsRegistered = false;

/** The registry, with the built-in policies added on first use (keeps imports side-effect free). */
function policies(): Map<string, AnyDefinition> {
  if (!builtinsRegistered) {
    builtinsRegistered = true;
    for (const definition of builtinPolicies()) {
      registry.set(definition.name, definition as unknown as AnyDefinition);
    }
  }
  return registry;
}

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
  if (policies().has(definition.name) && !options.replace) {
    throw new ScheduleError(
      'registerPolicy',
      'name',
      `a policy named "${definition.name}" is already registered (pass { replace: true } to override)`,
    );
  }
  policies().set(definition.name, definition as unknown as AnyDefinition);
}

/** Registered policy definitions, in registration order. */
export function listPolicies(): readonly PolicyDefinition<Record<string, unknown>>[] {
  return [...policies().values()] as unknown as PolicyDefinition<Record<string, unknown>>[];
}

/** The definition registered under `name`, or `undefined`. */
export function getPolicy(name: string): PolicyDefinition<Record<string, unknown>> | undefined {
  return policies().get(name) as PolicyDefinition<Record<string, unknown>> | undefined;
}
