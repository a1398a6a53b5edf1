import type { ParamDef, PolicyDefinition, PolicySpec } from '@cyclr/core';

// Values a freshly picked policy starts with for its required parameters, by name first (the
// one vocabulary makes names mean the same thing everywhere), then by what the parameter
// expects, so a newly registered policy gets a drawable starting point without page changes.
const byName: Readonly<Record<string, unknown>> = {
  lr: 0.1,
  baseLr: 0.001,
  maxLr: 0.01,
  totalSteps: 1000,
  stepSize: 100,
  gamma: 0.995,
  milestones: [300, 600, 900],
  firstCycleSteps: 200,
  warmupSteps: 100,
  factor: 0.5,
  schedule: { policy: 'cosine', lr: 0.1, totalSteps: 900 },
  schedules: [
    { policy: 'constant', lr: 0.1 },
    { policy: 'cosine', lr: 0.1, totalSteps: 500 },
  ],
  boundaries: [500],
};

const byExpected: readonly [RegExp, unknown][] = [
  [/schedules/, byName.schedules],
  [/schedule/, byName.schedule],
  [/integer/, 100],
  [/list/, [100]],
  [/number/, 0.1],
];

function starterValue(name: string, def: ParamDef<unknown>): unknown {
  if (name in byName) return byName[name];
  return byExpected.find(([pattern]) => pattern.test(def.expected))?.[1];
}

/**
 * A spec for `definition` that carries over same-named values from the previous spec and
 * fills the remaining required parameters with starter values.
 */
export function starterSpec(
  definition: PolicyDefinition<Record<string, unknown>>,
  previous: PolicySpec | undefined,
): PolicySpec {
  const spec: Record<string, unknown> = { policy: definition.name };
  for (const [name, def] of Object.entries(definition.params) as [string, ParamDef<unknown>][]) {
    const carried = previous?.[name];
    const required = def.default === undefined && !def.optional;
    if (carried !== undefined && typeof carried !== 'object') spec[name] = carried;
    else if (required) spec[name] = starterValue(name, def);
  }
  // Carried bounds can contradict each other (maxLr below baseLr); fall back to starters then.
  if (
    typeof spec.baseLr === 'number' &&
    typeof spec.maxLr === 'number' &&
    spec.maxLr <= spec.baseLr
  ) {
    spec.maxLr = spec.baseLr * 10;
  }
  return spec as PolicySpec;
}
