import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchConfig } from './config.js';
import { experimentOf, readManifest } from './manifest.js';
import { TRIALS_DIR, TrialStore } from './store.js';

/**
 * Gathers the trial stores of `dirs` (the `--out` of each shard) into `out`'s store and returns
 * the config to rebuild the whole report from. Refuses shards of different experiments.
 */
export async function gatherShards(
  dirs: readonly string[],
  out: string,
  dataDir: string | undefined,
): Promise<{ config: BenchConfig; copied: number }> {
  if (dirs.length === 0) {
    throw new Error('bench merge: expected at least one shard directory, got none');
  }
  const manifests = await Promise.all(dirs.map((dir) => readManifest(dir)));
  const first = (manifests[0] as (typeof manifests)[number]).config;
  manifests.forEach(({ config }, index) => {
    if (experimentOf(config) !== experimentOf(first)) {
      throw new Error(
        `bench merge: expected every directory to come from the same bench command (up to --shard, --out, --workers, --data), but ${dirs[index]} differs from ${dirs[0]}`,
      );
    }
  });
  const target = join(out, TRIALS_DIR);
  const store = await TrialStore.open(target);
  let copied = 0;
  for (const dir of dirs) {
    const source = join(dir, TRIALS_DIR);
    if (source === target) continue;
    // Opening checks every file against its key; a copy is then as good as the original.
    const shard = await TrialStore.open(source);
    for (const trial of shard.all()) {
      if (store.get(trial.key)) continue;
      await copyFile(join(source, `${trial.key}.json`), join(target, `${trial.key}.json`));
      copied++;
    }
  }
  return {
    config: { ...first, out, shard: undefined, dataDir: dataDir ?? first.dataDir },
    copied,
  };
}
