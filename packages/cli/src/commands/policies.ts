import { listPolicies, nearestName, type PolicyDefinition } from '@cyclr/core';
import { inputError } from '../errors.js';

/** One parameter as `cyclr policies --json` prints it. */
export interface ParamDoc {
  readonly name: string;
  /** What a valid value is: `"a positive number"`. */
  readonly expected: string;
  readonly doc: string;
  /** No default and not optional: a spec must give it. */
  readonly required: boolean;
  /** The default value, when it is a plain value. */
  readonly default?: unknown;
  /** The default when it is computed from other parameters: `"= stepSize"`. */
  readonly defaultDoc?: string;
}

/** One policy as `cyclr policies --json` prints it. */
export interface PolicyDoc {
  readonly name: string;
  readonly summary: string;
  readonly formula?: string;
  readonly params: readonly ParamDoc[];
}

/** Every registered policy (built-ins and any a plugin registered), as plain data. */
export function describePolicies(): PolicyDoc[] {
  return listPolicies().map(describePolicy);
}

function describePolicy(definition: PolicyDefinition<Record<string, unknown>>): PolicyDoc {
  const params = Object.entries(definition.params).map(([name, def]): ParamDoc => {
    const computed = typeof def.default === 'function';
    const hasDefault = def.default !== undefined;
    return {
      name,
      expected: def.expected,
      doc: def.doc,
      required: !hasDefault && !def.optional,
      ...(hasDefault && !computed ? { default: def.default } : {}),
      ...(def.defaultDoc !== undefined
        ? { defaultDoc: def.defaultDoc }
        : computed
          ? { defaultDoc: 'computed' }
          : {}),
    };
  });
  return {
    name: definition.name,
    summary: definition.summary,
    ...(definition.formula !== undefined ? { formula: definition.formula } : {}),
    params,
  };
}

/** The policies, or the one named, as `cyclr policies` prints them for people. */
export function formatPolicies(name: string | undefined): string {
  const all = describePolicies();
  const chosen = name === undefined ? all : all.filter((policy) => policy.name === name);
  if (name !== undefined && chosen.length === 0) {
    const known = all.map((policy) => policy.name);
    const suggestion = nearestName(name, known);
    throw inputError(
      `expected a registered policy name, got ${JSON.stringify(name)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; known: ${known.join(', ')}`,
    );
  }
  const blocks = chosen.map((policy) => formatPolicy(policy, name !== undefined));
  const footer =
    name === undefined
      ? `\nA spec is {"policy": "<name>", ...params}, e.g. cyclr values '{"policy": "triangular", "baseLr": 0.001, "maxLr": 0.01, "stepSize": 4}' --steps 8\nSee one policy's formula with: cyclr policies <name>`
      : '';
  return `${blocks.join('\n\n')}\n${footer}`;
}

function formatPolicy(policy: PolicyDoc, withFormula: boolean): string {
  const nameWidth = Math.max(0, ...policy.params.map((p) => p.name.length));
  const defaults = policy.params.map(defaultText);
  const defaultWidth = Math.max(0, ...defaults.map((text) => text.length));
  const lines = [`${policy.name}: ${policy.summary}`];
  policy.params.forEach((param, index) => {
    lines.push(
      `  ${param.name.padEnd(nameWidth)}  ${(defaults[index] as string).padEnd(defaultWidth)}  ${param.doc} (${param.expected})`,
    );
  });
  if (withFormula && policy.formula !== undefined) {
    lines.push('', '  formula:', ...policy.formula.split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function defaultText(param: ParamDoc): string {
  if (param.required) return 'required';
  if (param.defaultDoc !== undefined) return `default ${param.defaultDoc}`;
  if ('default' in param) return `default ${JSON.stringify(param.default)}`;
  return 'optional';
}
