// Step time of the same model in two or more checkouts of this repository (e.g. the commit
// before a change and after it), in interleaved rounds: every round runs each checkout once, a
// fresh process each (bench/step-time-child.ts), so load that comes and goes on a shared machine
// falls on all of them alike. Prints, per checkout, the per-round medians of wall and CPU time
// per step (the spread), the median of the rounds, and the ratio to the first checkout, overall
// and paired by round. CPU time moves less than wall time when other jobs take the cores.
// Usage (each checkout installed; paths relative to packages/onnxruntime):
//   flock /tmp/cyclr-bench.lock nice pnpm --filter @cyclr/onnxruntime bench:trees \
//     --tree before=/work/wt/before --tree after=../.. [--rounds 7] [--steps 500] [--warmup 50]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tree: { type: 'string', multiple: true, default: [] },
    optimizer: { type: 'string', multiple: true, default: ['sgd', 'adam'] },
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
  },
});
const trees = values.tree.map((entry) => {
  const at = entry.indexOf('=');
  if (at <= 0) throw new RangeError(`step-time-trees: expected --tree label=path, got ${entry}`);
  return { label: entry.slice(0, at), path: resolve(entry.slice(at + 1)) };
});
if (trees.length < 2) {
  throw new RangeError(`step-time-trees: expected at least two --tree, got ${trees.length}`);
}
const rounds = Number(values.rounds);
const child = join(import.meta.dirname, 'step-time-child.ts');

interface Round {
  readonly medianMs: number;
  readonly cpuMedianMs: number;
}
const results = new Map<string, Round[]>();
const key = (optimizer: string, label: string) => `${optimizer} ${label}`;
const started = new Date();
const loadAtStart = loadavg()[0] ?? Number.NaN;
for (let round = 0; round < rounds; round++) {
  for (const optimizer of values.optimizer) {
    for (const tree of trees) {
      const out = execFileSync(
        // The same node and loader flags (tsx, source condition) this process runs with.
        process.execPath,
        [
          ...process.execArgv,
          child,
          '--tree',
          tree.path,
          '--optimizer',
          optimizer,
          '--steps',
          values.steps,
          '--warmup',
          values.warmup,
        ],
        { encoding: 'utf8' },
      );
      const last = out.trim().split('\n').at(-1) ?? '';
      const times = JSON.parse(last) as Round;
      const list = results.get(key(optimizer, tree.label)) ?? [];
      list.push(times);
      results.set(key(optimizer, tree.label), list);
      console.error(
        `round ${round + 1}/${rounds} ${optimizer} ${tree.label}: ${times.medianMs.toFixed(3)} ms/step (CPU ${times.cpuMedianMs.toFixed(3)}), load ${loadavg()[0]?.toFixed(2)}`,
      );
    }
  }
}
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f = (x: number) => x.toFixed(3);
console.log(
  `Run ${started.toISOString()} - ${new Date().toISOString()}, load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]?.toFixed(2)} at the end; ${rounds} rounds of ${values.warmup} warm-up + ${values.steps} timed steps per checkout.\n`,
);
console.log(
  `| optimizer | checkout | wall ms/step, median of rounds (per-round medians) | CPU ms/step, median of rounds (per-round medians) | ratio to ${trees[0]?.label}, wall / CPU | paired CPU ratio, median (min-max) |`,
);
console.log('|---|---|---|---|---|---|');
const perRound = (xs: readonly number[]) => `${f(median(xs))} (${xs.map(f).join(', ')})`;
for (const optimizer of values.optimizer) {
  const base = results.get(key(optimizer, trees[0]?.label ?? '')) ?? [];
  const baseWall = median(base.map((r) => r.medianMs));
  const baseCpu = median(base.map((r) => r.cpuMedianMs));
  for (const tree of trees) {
    const list = results.get(key(optimizer, tree.label)) ?? [];
    const wall = list.map((r) => r.medianMs);
    const cpu = list.map((r) => r.cpuMedianMs);
    // Same round, same position in it: the load each pair saw was as alike as it gets here.
    const paired = list.map((r, i) => r.cpuMedianMs / (base[i]?.cpuMedianMs ?? Number.NaN));
    console.log(
      `| ${optimizer} | ${tree.label} | ${perRound(wall)} | ${perRound(cpu)} | ${(median(wall) / baseWall).toFixed(2)} / ${(median(cpu) / baseCpu).toFixed(2)} | ${median(paired).toFixed(2)} (${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}) |`,
    );
  }
}
