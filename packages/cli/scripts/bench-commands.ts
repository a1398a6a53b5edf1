/**
 * Wall time of each `cyclr` command as a user runs it: the built binary (`pnpm build` first),
 * one fresh Node process per run, median of `--runs` (default 9). Usage:
 *   flock /tmp/cyclr-bench.lock pnpm exec tsx scripts/bench-commands.ts [--runs 9]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 9;
const dir = mkdtempSync(join(tmpdir(), 'cyclr-bench-'));
const oneCycle = '{"policy":"oneCycle","maxLr":0.1,"totalSteps":1000}';

const cases: readonly (readonly [string, readonly string[]])[] = [
  ['cyclr --version (Node + CLI start-up)', ['--version']],
  ['cyclr values oneCycle, 1000 steps', ['values', oneCycle]],
  ['cyclr values oneCycle, 1,000,000 steps', ['values', oneCycle, '--steps', '1000000']],
  ['cyclr plot oneCycle (terminal)', ['plot', oneCycle]],
  ['cyclr plot oneCycle --out x.svg', ['plot', oneCycle, '--out', join(dir, 'x.svg')]],
  ['cyclr plot oneCycle --out x.png', ['plot', oneCycle, '--out', join(dir, 'x.png')]],
  ['cyclr policies', ['policies']],
  ['cyclr find (100-step range test, MLP 784-256-10)', ['find']],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

console.log(`| command | median ms | min ms | max ms |  (${runs} runs each)`);
console.log('|---|---|---|---|');
for (const [name, args] of cases) {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`);
  }
  console.log(
    `| \`${name}\` | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} | ${Math.max(...times).toFixed(0)} |`,
  );
}
rmSync(dir, { recursive: true, force: true });
