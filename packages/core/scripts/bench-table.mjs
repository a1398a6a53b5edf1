// Turns `vitest bench --outputJson` output of src/__tests__/evaluate.bench.ts into the markdown
// table of docs/benchmarks/core.md: ns per evaluation = time per iteration / 1000 evaluations.
// Usage: node scripts/bench-table.mjs /tmp/core-bench.json
import { readFileSync } from 'node:fs';

const EVALUATIONS = 1000;
const report = JSON.parse(readFileSync(process.argv[2] ?? 'bench.json', 'utf8'));
const ns = (ms) => ((ms * 1e6) / EVALUATIONS).toFixed(1);

const groups = report.files.flatMap((file) => file.groups);
// Ratios are against lr(step) of `constant`: the call, the step guard and the loop, no math.
const reference = groups.flatMap((g) => g.benchmarks).find((b) => b.name === 'constant');

for (const group of groups) {
  console.log(`\n${group.fullName.split(' > ').pop()}\n`);
  console.log(
    '| schedule | median ns/eval | mean ns/eval | p99 (of 1000-eval batches) | median vs `constant` |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const b of group.benchmarks) {
    const ratio = (b.median / reference.median).toFixed(2);
    console.log(`| ${b.name} | ${ns(b.median)} | ${ns(b.mean)} | ${ns(b.p99)} | ${ratio}x |`);
  }
}
