import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../results.js';
import { canonicalJson, trialKey } from '../store.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Starts the bench in a child process (node + tsx, source condition), as `pnpm bench` does. */
function start(...flags: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--conditions=@cyclr/source', '--import', 'tsx', main, ...flags],
    { cwd: packageDir, env: { ...process.env, INIT_CWD: tmpdir() } },
  );
}

async function finish(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}

const bench = (...flags: string[]) => finish(start(...flags));

async function storedTrials(out: string): Promise<string[]> {
  try {
    return await readdir(join(out, 'trials'));
  } catch {
    return [];
  }
}

const results = async (out: string) =>
  JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as BenchResults;

/** results.json without what measures time or how this process got its runs. */
function withoutTiming(result: BenchResults) {
  const { meta: _meta, ...rest } = result;
  return {
    ...rest,
    runs: rest.runs.map(({ msPerStep: _, ...run }) => run),
    summary: {
      ...rest.summary,
      policies: rest.summary.policies.map(({ msPerStep: _, ...policy }) => policy),
    },
  };
}

// 3 policies: 2 baselines x 2 grid points + 1 range test + 3 final runs = 8 runs; 600
// iterations each (not --quick's 120) so that Ctrl-C lands mid-way.
const SUITE = ['--quick', '--policies', 'constant,cosine,triangular2', '--iters', '300'];
const RUNS = 8;

describe('trial store (real ONNX training in child processes)', () => {
  let single: string | undefined;

  it('Ctrl-C stops cleanly with a consistent store; the same command resumes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cyclr-bench-resume-'));
    const child = start(...SUITE, '--workers', '2', '--out', out);
    const done = finish(child);
    // Interrupt as soon as the first run is stored.
    while ((await storedTrials(out)).filter((name) => name.endsWith('.json')).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(
      /stopped \(Ctrl-C\)\. Every finished run is stored in .*trials; rerun the same command to resume:\n {2}pnpm bench --quick/,
    );
    const files = await storedTrials(out);
    expect(files.every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(RUNS);
    for (const name of files) {
      const trial = JSON.parse(await readFile(join(out, 'trials', name), 'utf8'));
      expect(trialKey(trial.identity, trial.job)).toBe(name.slice(0, 64));
    }
    await expect(readdir(out)).resolves.not.toContain('results.json');

    const resumed = await bench(...SUITE, '--workers', '2', '--out', out);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(
      `resumed ${files.length} of ${RUNS} runs from the store, trained ${RUNS - files.length}`,
    );
    expect((await results(out)).meta.trials).toEqual({
      resumed: files.length,
      computed: RUNS - files.length,
    });
    single = out;
  });

  it('a changed configuration recomputes exactly the runs it changes', async () => {
    expect(single).toBeDefined();
    const out = single as string;
    // --cycles changes the cyclic policy's spec only: its final run is retrained, nothing else.
    const changed = await bench(...SUITE, '--cycles', '2', '--workers', '2', '--out', out);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain(
      `resumed ${RUNS - 1} of ${RUNS} runs from the store, trained 1`,
    );
    const run = (await results(out)).runs.find((r) => r.policy === 'triangular2');
    expect(run?.spec).toMatchObject({ stepSize: 75 });
    expect(await storedTrials(out)).toHaveLength(RUNS + 1);
  });

  it('two shards merged give the same results.json as one run, up to timing', async () => {
    expect(single).toBeDefined();
    const one = await mkdtemp(join(tmpdir(), 'cyclr-bench-shard1-'));
    const two = await mkdtemp(join(tmpdir(), 'cyclr-bench-shard2-'));
    const merged = await mkdtemp(join(tmpdir(), 'cyclr-bench-merged-'));
    const shards = await Promise.all([
      bench(...SUITE, '--workers', '1', '--shard', '1/2', '--out', one),
      bench(...SUITE, '--workers', '1', '--shard', '2/2', '--out', two),
    ]);
    for (const shard of shards) expect(shard.code).toBe(0);
    const counts = [(await storedTrials(one)).length, (await storedTrials(two)).length];
    // Each shard ran a strict subset; together (the range test in one of them) all 8 runs.
    expect(counts.every((count) => count > 0 && count < RUNS)).toBe(true);
    expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(RUNS);

    const missing = await bench('merge', one, '--out', merged);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no stored run for .*did every shard finish\?/);

    const complete = await bench('merge', one, two, '--out', merged);
    expect(complete.code).toBe(0);
    expect(complete.stdout).toContain(`resumed ${RUNS} of ${RUNS} runs from the store, trained 0`);
    // The single run's store also holds a --cycles 2 run; its results.json is from that command:
    // rebuild the single run's report from its store, then compare.
    const again = await bench(...SUITE, '--workers', '2', '--out', single as string);
    expect(again.stdout).toContain(`resumed ${RUNS} of ${RUNS} runs`);
    expect(withoutTiming(await results(merged))).toEqual(
      withoutTiming(await results(single as string)),
    );
  });

  it('keys a run by its canonical configuration', () => {
    const job = {
      kind: 'train',
      spec: { policy: 'constant', lr: 0.1 },
      seed: 0,
      iterations: 10,
      evalEvery: 5,
      evalOn: 'test',
      momentum: 0.9,
    } as const;
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    const identity = { backend: 'onnxruntime', batchSize: 128 };
    const key = trialKey(identity, job);
    expect(trialKey({ batchSize: 128, backend: 'onnxruntime' }, { ...job })).toBe(key);
    expect(trialKey({ ...identity, batchSize: 64 }, job)).not.toBe(key);
    expect(trialKey(identity, { ...job, spec: { policy: 'constant', lr: 0.2 } })).not.toBe(key);
    expect(trialKey(identity, { ...job, seed: 1 })).not.toBe(key);
  });
});
