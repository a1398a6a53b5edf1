// Side-by-side: this package's train step vs PyTorch's on the same machine, in interleaved
// rounds (onnxruntime, PyTorch, onnxruntime, PyTorch, ...), one table of medians and ratios.
// Run under the shared lock so nothing else is timed at once:
//   flock /tmp/cyclr-bench.lock pnpm --filter @cyclr/onnxruntime bench:compare \
//     [--model mlp|cnn|resnet] [--rounds 5] [--steps N] [--warmup N] [--adam] [--configs]
// --adam adds the Adam pair; --configs adds onnxruntime session variants (threads, graph
// optimisation level, execution mode, parameter copies), each compared with PyTorch SGD.
// PyTorch: /usr/bin/python3 with torch (Debian python3-torch + OpenBLAS), one thread.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_MODELS, type BenchModelName } from './models.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    rounds: { type: 'string', default: '5' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    adam: { type: 'boolean', default: false },
    configs: { type: 'boolean', default: false },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
if (!(BENCH_MODELS as readonly string[]).includes(values.model)) {
  throw new RangeError(
    `compare: expected --model to be one of ${BENCH_MODELS.join(', ')}, got ${values.model}`,
  );
}
const model = values.model as BenchModelName;
// Per round: enough steps for a stable median in ~5-30 s per framework.
const defaults: Record<BenchModelName, { steps: string; warmup: string }> = {
  mlp: { steps: '500', warmup: '50' },
  cnn: { steps: '100', warmup: '10' },
  resnet: { steps: '40', warmup: '10' },
};
const steps = values.steps ?? defaults[model].steps;
const warmup = values.warmup ?? defaults[model].warmup;
const here = import.meta.dirname;
const common = ['--json', '--model', model, '--steps', steps, '--warmup', warmup];

interface Variant {
  readonly label: string;
  /** Label of the PyTorch row this one's ratio is taken against. */
  readonly baseline: string;
  run(): StepTimes;
}
/** What train-step.ts and train_step_torch.py print with --json (ms per step, medians). */
interface StepTimes {
  readonly medianMs: number;
  readonly cpuMedianMs: number;
}
const TORCH_SGD = 'PyTorch 1 thread, SGD momentum';
const TORCH_ADAM = 'PyTorch 1 thread, Adam';
const json = (file: string, args: string[]) =>
  JSON.parse(execFileSync(file, args, { encoding: 'utf8' })) as StepTimes;
const ort = (label: string, baseline: string, args: string[]): Variant => ({
  label,
  baseline,
  run: () =>
    json(process.execPath, [
      '--conditions=@cyclr/source',
      '--import',
      'tsx',
      join(here, 'train-step.ts'),
      ...common,
      ...args,
    ]),
});
const torch = (label: string, args: string[]): Variant => ({
  label,
  baseline: label,
  run: () =>
    json(values.python, [join(here, 'train_step_torch.py'), ...common, '--threads', '1', ...args]),
});

const variants: Variant[] = [
  ort('onnxruntime 1 thread, level all, sequential (default), SGD momentum', TORCH_SGD, []),
  torch(TORCH_SGD, []),
];
if (values.adam) {
  variants.push(
    ort('onnxruntime 1 thread, Adam', TORCH_ADAM, ['--optimizer', 'adam']),
    torch(TORCH_ADAM, ['--optimizer', 'adam']),
  );
}
if (values.configs) {
  variants.push(
    ort('onnxruntime 2 threads, level all', TORCH_SGD, ['--threads', '2']),
    ort('onnxruntime 1 thread, level basic', TORCH_SGD, ['--level', 'basic']),
    ort('onnxruntime 1 thread, level disabled', TORCH_SGD, ['--level', 'disabled']),
    ort('onnxruntime 1 thread, parallel execution', TORCH_SGD, ['--mode', 'parallel']),
    ort('onnxruntime 1 thread, feed copies (params copied in and out each step)', TORCH_SGD, [
      '--copy',
    ]),
  );
}

const started = new Date();
const loadBefore = loadavg();
const results = new Map<string, number[]>(variants.map((v) => [v.label, []]));
const cpu = new Map<string, number[]>(variants.map((v) => [v.label, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const v of variants) {
    const times = v.run();
    results.get(v.label)?.push(times.medianMs);
    cpu.get(v.label)?.push(times.cpuMedianMs);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(
  `model ${model}, batch 128, ${values.rounds} interleaved rounds of ${warmup} warm-up + ${steps} timed steps; ` +
    `${started.toISOString()} - ${new Date().toISOString()}; ` +
    `load average (1, 5, 15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, ` +
    `after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
);
console.log(
  '| variant | median ms/step (per-round medians) | ratio to PyTorch (same optimizer) | CPU ms/step (median of rounds) |',
);
console.log('|---|---|---|---|');
for (const v of variants) {
  const xs = results.get(v.label) ?? [];
  const m = median(xs);
  const ratio = m / median(results.get(v.baseline) ?? []);
  console.log(
    `| ${v.label} | ${m.toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(', ')}) | ${ratio.toFixed(2)} | ${median(cpu.get(v.label) ?? []).toFixed(3)} |`,
  );
}
