// Side-by-side: this package's MLP train step vs PyTorch on the same machine, interleaved
// rounds, one table. Run under the shared lock so nothing else is timed at once:
//   flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/onnxruntime bench:compare [--rounds 5] [--steps 500]
// PyTorch: /usr/bin/python3 with torch (Debian python3-torch + OpenBLAS), one thread.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string', default: '500' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const here = import.meta.dirname;
const steps = values.steps;

interface Variant {
  readonly label: string;
  run(): { medianMs: number };
}
const ort = (label: string, args: string[]): Variant => ({
  label,
  run: () =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--conditions=@cyclr/source',
          '--import',
          'tsx',
          join(here, 'mlp.ts'),
          '--json',
          '--steps',
          steps,
          ...args,
        ],
        { encoding: 'utf8' },
      ),
    ),
});
const variants: Variant[] = [
  {
    label: 'PyTorch 1 thread',
    run: () =>
      JSON.parse(
        execFileSync(
          values.python,
          [join(here, 'mlp_torch.py'), '--json', '--steps', steps, '--threads', '1'],
          { encoding: 'utf8' },
        ),
      ),
  },
  ort('onnxruntime 1 thread, level all, sequential (default)', []),
  {
    label: 'PyTorch 1 thread, Adam',
    run: () =>
      JSON.parse(
        execFileSync(
          values.python,
          [
            join(here, 'mlp_torch.py'),
            '--json',
            '--steps',
            steps,
            '--threads',
            '1',
            '--optimizer',
            'adam',
          ],
          {
            encoding: 'utf8',
          },
        ),
      ),
  },
  ort('onnxruntime 1 thread, Adam', ['--optimizer', 'adam']),
  ort('onnxruntime 2 threads, level all', ['--threads', '2']),
  ort('onnxruntime 1 thread, level basic', ['--level', 'basic']),
  ort('onnxruntime 1 thread, level disabled', ['--level', 'disabled']),
  ort('onnxruntime 1 thread, parallel execution', ['--mode', 'parallel']),
  ort('onnxruntime 1 thread, feed copies (params copied in and out each step)', ['--copy']),
];

const results = new Map<string, number[]>(variants.map((v) => [v.label, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const v of variants) results.get(v.label)?.push(v.run().medianMs);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
// Each row is compared with PyTorch running the same optimizer.
const torch = median(results.get('PyTorch 1 thread') ?? []);
const torchAdam = median(results.get('PyTorch 1 thread, Adam') ?? []);
console.log(
  `| variant | median ms/step (per round) | ratio to PyTorch (same optimizer) |\n|---|---|---|`,
);
for (const [label, xs] of results) {
  const m = median(xs);
  console.log(
    `| ${label} | ${m.toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(', ')}) | ${(m / (label.includes('Adam') ? torchAdam : torch)).toFixed(2)} |`,
  );
}
