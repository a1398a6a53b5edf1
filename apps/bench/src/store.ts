import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job, Outcome } from './jobs.js';

/** The trials' directory inside `--out`. */
export const TRIALS_DIR = 'trials';

/** One finished run as stored: its full configuration and what it produced. */
export interface Trial {
  readonly key: string;
  /** Everything the outcome depends on (see `trialIdentity`), for humans and for checking. */
  readonly identity: unknown;
  readonly job: Job;
  readonly outcome: Outcome;
}

/** JSON with object keys sorted at every level, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** The store key of a run: sha-256 of its canonical configuration (environment + job). */
export function trialKey(identity: unknown, job: Job): string {
  return createHash('sha256').update(canonicalJson({ identity, job })).digest('hex');
}

/**
 * Finished runs on disk, one JSON file per run named by its key. A file appears only complete
 * (written to a temporary name, then renamed), so a store interrupted at any moment holds only
 * whole runs; leftover temporary files are removed when the store is opened.
 */
export class TrialStore {
  private readonly trials = new Map<string, Trial>();
  private readonly writes = new Set<Promise<void>>();

  private constructor(readonly dir: string) {}

  /** Opens (creating it if needed) the store in `dir` and reads every finished run. */
  static async open(dir: string): Promise<TrialStore> {
    const store = new TrialStore(dir);
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      if (name.endsWith('.tmp')) {
        await rm(join(dir, name), { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const trial = await readTrial(join(dir, name));
      store.trials.set(trial.key, trial);
    }
    return store;
  }

  get size(): number {
    return this.trials.size;
  }

  get(key: string): Trial | undefined {
    return this.trials.get(key);
  }

  all(): Trial[] {
    return [...this.trials.values()];
  }

  /** Records a finished run, on disk atomically; `flush()` waits for the write. */
  put(trial: Trial): Promise<void> {
    this.trials.set(trial.key, trial);
    const write = (async () => {
      const path = join(this.dir, `${trial.key}.json`);
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(trial)}\n`);
      await rename(temporary, path);
    })();
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write)).catch(() => undefined);
    return write;
  }

  /** Waits for every write started so far. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }
}

async function readTrial(path: string): Promise<Trial> {
  let trial: Partial<Trial>;
  try {
    trial = JSON.parse(await readFile(path, 'utf8')) as Partial<Trial>;
  } catch (error) {
    throw new Error(
      `trial store: cannot read ${path} (${(error as Error).message}); delete it to recompute that run`,
    );
  }
  if (typeof trial.key !== 'string' || !trial.job || !trial.outcome) {
    throw new Error(
      `trial store: expected ${path} to hold {key, identity, job, outcome}, got keys ${Object.keys(trial).join(', ')}`,
    );
  }
  if (trialKey(trial.identity, trial.job) !== trial.key) {
    throw new Error(
      `trial store: ${path} does not match its key (edited by hand?); delete it to recompute that run`,
    );
  }
  return trial as Trial;
}
