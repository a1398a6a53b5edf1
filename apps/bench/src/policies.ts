import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fromSpec, getPolicy, listPolicies, type PolicySpec } from '@cyclr/core';

/**
 * How the bench tunes a policy:
 * - `baseline`: a non-cyclic policy; its lr is the best of a small grid on the validation split.
 * - `cyclic`: its bounds come from one LR range test (Smith): maxLr from the test, baseLr = maxLr / 4.
 * - `fixed`: a spec file, trained as given (no tuning).
 */
export type PolicyKind = 'baseline' | 'cyclic' | 'fixed';

/** What a bench policy's spec is built from. */
export interface SpecContext {
  readonly iterations: number;
  readonly cycles: number;
  /** The baseline's lr (kind `baseline`). */
  readonly lr?: number;
  /** Bounds from the range test (kind `cyclic`). */
  readonly bounds?: { readonly baseLr: number; readonly maxLr: number };
}

/** A policy as the bench runs it. */
export interface BenchPolicy {
  /** Name in tables and charts: the registry name, or the spec file's base name. */
  readonly label: string;
  readonly kind: PolicyKind;
  /** How its spec follows from the budget and the tuning; stated in the report. */
  readonly rule: string;
  spec(context: SpecContext): PolicySpec;
}

function need<T>(value: T | undefined, what: string, policy: string): T {
  if (value === undefined) throw new Error(`bench: policy ${policy} needs ${what}`);
  return value;
}

/** Half a cycle, so that `cycles` full cycles end exactly at the end of the budget. */
export function stepSizeFor(iterations: number, cycles: number): number {
  return Math.max(1, Math.round(iterations / (2 * cycles)));
}

const baseline = (
  label: string,
  rule: string,
  build: (lr: number, iterations: number) => Omit<PolicySpec, 'policy'>,
): BenchPolicy => ({
  label,
  kind: 'baseline',
  rule,
  spec: ({ lr, iterations }) => ({ policy: label, ...build(need(lr, 'lr', label), iterations) }),
});

const cyclic = (
  label: string,
  rule: string,
  build: (
    bounds: { baseLr: number; maxLr: number },
    iterations: number,
    cycles: number,
  ) => Omit<PolicySpec, 'policy'>,
): BenchPolicy => ({
  label,
  kind: 'cyclic',
  rule,
  spec: ({ bounds, iterations, cycles }) => ({
    policy: label,
    ...build(need(bounds, 'range-test bounds', label), iterations, cycles),
  }),
});

/** Policies the bench knows how to tune, by registry name. */
export const BENCH_POLICIES: ReadonlyMap<string, BenchPolicy> = new Map(
  [
    baseline('constant', 'lr from the grid', (lr) => ({ lr })),
    baseline('step', 'lr from the grid; x0.1 every third of the budget', (lr, iterations) => ({
      lr,
      stepSize: Math.ceil(iterations / 3),
      gamma: 0.1,
    })),
    baseline(
      'multiStep',
      'lr from the grid; x0.1 at 50% and 75% of the budget',
      (lr, iterations) => ({
        lr,
        milestones: [Math.round(iterations / 2), Math.round((iterations * 3) / 4)],
        gamma: 0.1,
      }),
    ),
    baseline(
      'exponential',
      'lr from the grid; gamma per step so the rate falls 100x over the budget',
      (lr, iterations) => ({ lr, gamma: 0.01 ** (1 / iterations) }),
    ),
    baseline('cosine', 'lr from the grid; to 0 over the budget', (lr, iterations) => ({
      lr,
      totalSteps: iterations,
      minLr: 0,
    })),
    baseline('polynomial', 'lr from the grid; linear to 0 over the budget', (lr, iterations) => ({
      lr,
      totalSteps: iterations,
      power: 1,
    })),
    cyclic(
      'triangular',
      'baseLr, maxLr from the range test; stepSize = budget / (2 x cycles), ends at a cycle end',
      ({ baseLr, maxLr }, iterations, cycles) => ({
        baseLr,
        maxLr,
        stepSize: stepSizeFor(iterations, cycles),
      }),
    ),
    cyclic(
      'triangular2',
      'as triangular; the amplitude halves every cycle',
      ({ baseLr, maxLr }, iterations, cycles) => ({
        baseLr,
        maxLr,
        stepSize: stepSizeFor(iterations, cycles),
      }),
    ),
    cyclic(
      'expRange',
      'as triangular; amplitude x gamma^t with gamma = 0.1^(1/budget)',
      ({ baseLr, maxLr }, iterations, cycles) => ({
        baseLr,
        maxLr,
        stepSize: stepSizeFor(iterations, cycles),
        gamma: 0.1 ** (1 / iterations),
      }),
    ),
    cyclic(
      'oneCycle',
      'maxLr from the range test; one cycle over the budget, momentum 0.95 -> 0.85 -> 0.95 (defaults)',
      ({ maxLr }, iterations) => ({ maxLr, totalSteps: iterations }),
    ),
    cyclic(
      'cosineRestarts',
      'lr = maxLr from the range test; restarts every budget / cycles, to 0',
      ({ maxLr }, iterations, cycles) => ({
        lr: maxLr,
        firstCycleSteps: Math.max(1, Math.round(iterations / cycles)),
        cycleMult: 1,
        minLr: 0,
      }),
    ),
  ].map((policy) => [policy.label, policy]),
);

function looksLikeFile(entry: string): boolean {
  return entry.endsWith('.json') || entry.includes('/') || entry.includes('\\');
}

/**
 * Resolves `--policies` entries: registry names with a bench protocol, or JSON spec files
 * (trained as given). Throws one line naming the entry and what was expected.
 */
export function resolvePolicies(entries: readonly string[]): BenchPolicy[] {
  if (entries.length === 0) {
    throw new Error('--policies: expected at least one policy name or spec file, got none');
  }
  const resolved = entries.map((entry): BenchPolicy => {
    const known = BENCH_POLICIES.get(entry);
    if (known) return known;
    if (looksLikeFile(entry)) return specFilePolicy(entry);
    if (getPolicy(entry)) {
      throw new Error(
        `--policies: policy "${entry}" has no bench tuning protocol (bench tunes ${[...BENCH_POLICIES.keys()].join(', ')}); pass a JSON spec file instead`,
      );
    }
    const names = listPolicies().map((definition) => definition.name);
    throw new Error(
      `--policies: expected a registered policy name or a .json spec file, got "${entry}" (registered: ${names.join(', ')})`,
    );
  });
  const labels = resolved.map((policy) => policy.label);
  const duplicate = labels.find((label, index) => labels.indexOf(label) !== index);
  if (duplicate !== undefined) {
    throw new Error(`--policies: expected each policy once, got "${duplicate}" twice`);
  }
  return resolved;
}

function specFilePolicy(path: string): BenchPolicy {
  let spec: PolicySpec;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as PolicySpec;
  } catch (error) {
    throw new Error(`--policies: cannot read spec file ${path}: ${(error as Error).message}`);
  }
  try {
    fromSpec(spec);
  } catch (error) {
    throw new Error(`--policies: invalid spec in ${path}: ${(error as Error).message}`);
  }
  return {
    label: basename(path, extname(path)),
    kind: 'fixed',
    rule: `as given in ${path}`,
    spec: () => spec,
  };
}
