// Runs the PyTorch code the playground generates for each example against real torch and
// commits what torch computed: `pnpm make-pytorch-golden` (needs /usr/bin/python3 with torch).
// The tests compare the code text and cyclr's values with this file; they never need Python.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pytorchSteps, toPytorch } from '../src/exports/pytorch.js';
import { goldenSteps, pytorchExamples } from '../src/exports/pytorch-examples.js';

const python = process.env.CYCLR_TORCH_PYTHON ?? '/usr/bin/python3';
const runner = fileURLToPath(new URL('./run-pytorch-snippets.py', import.meta.url));
const output = fileURLToPath(new URL('../fixtures/pytorch-golden.json', import.meta.url));

const cases = pytorchExamples.map(({ name, spec }) => {
  const totalSteps = pytorchSteps(spec);
  return { name, spec, code: toPytorch(spec), totalSteps, record: goldenSteps(totalSteps) };
});
const stdout = execFileSync(python, [runner], {
  input: JSON.stringify(cases.map((c) => ({ ...c, setup: c.code.setup }))),
  env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  maxBuffer: 64 * 1024 * 1024,
});
const torchRun = JSON.parse(stdout.toString()) as {
  torch: string;
  cases: { name: string; values: [number, number, number | null][] }[];
};
const golden = {
  comment: `Rates torch ${torchRun.torch} computed running the playground's generated PyTorch code (scripts/make-pytorch-golden.ts).`,
  torch: torchRun.torch,
  cases: cases.map((c, i) => ({
    name: c.name,
    spec: c.spec,
    code: c.code.code,
    totalSteps: c.totalSteps,
    values: torchRun.cases[i]?.values,
  })),
};
writeFileSync(output, `${JSON.stringify(golden, null, 1)}\n`);
console.log(`wrote ${golden.cases.length} cases to ${output}`);
