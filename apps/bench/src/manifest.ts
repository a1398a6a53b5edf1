import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchConfig } from './config.js';
import { canonicalJson } from './store.js';

/** Written into `--out` by every run: what `bench merge` rebuilds the report from. */
export const MANIFEST_FILE = 'bench-config.json';

export interface Manifest {
  readonly config: BenchConfig;
  readonly command: string;
}

/** Writes the run's config into its `--out` (atomically). */
export async function writeManifest(config: BenchConfig, command: string): Promise<void> {
  const path = join(config.out, MANIFEST_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    `${JSON.stringify({ config, command } satisfies Manifest, null, 2)}\n`,
  );
  await rename(temporary, path);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `bench merge: expected ${path} (written by every bench run), got ${(error as Error).message}`,
    );
  }
}

/** The part of a config that decides the runs: shards must agree on it to be merged. */
export function experimentOf(config: BenchConfig): string {
  const { out: _out, shard: _shard, workers: _workers, dataDir: _dataDir, ...experiment } = config;
  return canonicalJson(experiment);
}
