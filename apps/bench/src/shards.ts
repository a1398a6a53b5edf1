import type { BenchConfig } from './config.js';
import type { BenchPolicy } from './policies.js';

/** `--shard i/n`: this process runs shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A piece of work that can run on its own machine: it needs no other unit's results. */
interface Unit {
  readonly policy: string;
  readonly seeds: readonly number[];
  /** Training iterations, for balancing. */
  readonly cost: number;
}

/**
 * The bench's runs cut into independent units: a baseline with its lr grid and all its final
 * runs (the final runs need the grid's choice), and each (cyclic or spec-file policy, seed)
 * alone (a cyclic run needs only the range test, which every shard that needs it reruns: it is
 * deterministic, so every shard gets the same bounds, and it costs a tenth of a run).
 */
function units(config: BenchConfig, policies: readonly BenchPolicy[]): Unit[] {
  const seeds = Array.from({ length: config.seeds }, (_, seed) => seed);
  return policies.flatMap((policy): Unit[] =>
    policy.kind === 'baseline'
      ? [
          {
            policy: policy.label,
            seeds,
            cost: (config.grid.length + seeds.length) * config.iterations,
          },
        ]
      : seeds.map((seed) => ({ policy: policy.label, seeds: [seed], cost: config.iterations })),
  );
}

/** Which final runs (policy, seed) a shard owns; a baseline's grid goes with its final runs. */
export interface ShardSelection {
  readonly policies: ReadonlySet<string>;
  has(policy: string, seed: number): boolean;
}

/**
 * The deterministic subset of shard `index` of `count`: units sorted by cost (stable), each given
 * to the least-loaded shard (the lowest index on ties). Same config, same split, on any machine.
 */
export function shardSelection(
  config: BenchConfig,
  policies: readonly BenchPolicy[],
  shard: Shard,
): ShardSelection {
  const all = units(config, policies);
  const loads = Array.from({ length: shard.count }, () => 0);
  const owned = new Set<string>();
  const ordered = all.map((unit, order) => ({ unit, order }));
  ordered.sort((a, b) => b.unit.cost - a.unit.cost || a.order - b.order);
  for (const { unit } of ordered) {
    const target = loads.indexOf(Math.min(...loads));
    loads[target] = (loads[target] as number) + unit.cost;
    if (target === shard.index - 1) {
      for (const seed of unit.seeds) owned.add(`${unit.policy}\u0000${seed}`);
    }
  }
  const ownedPolicies = new Set([...owned].map((entry) => entry.split('\u0000')[0] as string));
  return {
    policies: ownedPolicies,
    has: (policy, seed) => owned.has(`${policy}\u0000${seed}`),
  };
}

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`expected i/n with 1 <= i <= n (e.g. 2/4), got "${value}"`);
  }
  return { index, count };
}
