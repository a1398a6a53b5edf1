/**
 * Draws every registered policy with `cyclr plot` into docs/policies/<name>.svg, from the specs
 * below (the core README shows them). `--check` redraws into memory and fails when a committed
 * SVG differs or is missing, or when a policy has no spec here: CI keeps the pictures current.
 *
 *   pnpm docs:plots          # regenerate
 *   pnpm docs:plots --check  # what CI runs
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPolicies } from '@cyclr/core';
import { run } from '../src/run.js';

const docs = resolve(fileURLToPath(new URL('../../../docs/policies', import.meta.url)));

/** One spec per policy, with the step count to draw: small numbers, so the shape reads. */
const examples: Record<string, { spec: object; steps: number }> = {
  constant: { spec: { policy: 'constant', lr: 0.01 }, steps: 100 },
  step: { spec: { policy: 'step', lr: 0.1, stepSize: 30, gamma: 0.5 }, steps: 120 },
  multiStep: { spec: { policy: 'multiStep', lr: 0.1, milestones: [40, 70, 90] }, steps: 120 },
  exponential: { spec: { policy: 'exponential', lr: 0.1, gamma: 0.97 }, steps: 120 },
  cosine: { spec: { policy: 'cosine', lr: 0.1, totalSteps: 100, minLr: 0.001 }, steps: 120 },
  cosineRestarts: {
    spec: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 20, cycleMult: 2, cycleDecay: 0.7 },
    steps: 140,
  },
  polynomial: { spec: { policy: 'polynomial', lr: 0.1, totalSteps: 100, power: 2 }, steps: 120 },
  linear: {
    spec: { policy: 'linear', lr: 0.1, startFactor: 0.1, endFactor: 1, totalSteps: 50 },
    steps: 100,
  },
  inverseSqrt: { spec: { policy: 'inverseSqrt', lr: 0.1, warmupSteps: 10 }, steps: 120 },
  inverseTime: {
    spec: { policy: 'inverseTime', lr: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true },
    steps: 120,
  },
  warmupStableDecay: {
    spec: {
      policy: 'warmupStableDecay',
      lr: 0.1,
      warmupSteps: 15,
      stableSteps: 50,
      decaySteps: 35,
      minLrRatio: 0.05,
    },
    steps: 120,
  },
  table: {
    spec: { policy: 'table', values: [0.1, 0.05, 0.08, 0.02], boundaries: [30, 60, 90] },
    steps: 120,
  },
  triangular: {
    spec: { policy: 'triangular', baseLr: 0.001, maxLr: 0.006, stepSize: 20 },
    steps: 120,
  },
  triangular2: {
    spec: { policy: 'triangular2', baseLr: 0.001, maxLr: 0.006, stepSize: 20 },
    steps: 120,
  },
  expRange: {
    spec: { policy: 'expRange', baseLr: 0.001, maxLr: 0.006, stepSize: 20, gamma: 0.99 },
    steps: 120,
  },
  cyclic: {
    spec: {
      policy: 'cyclic',
      baseLr: 0.001,
      maxLr: 0.006,
      stepSize: 20,
      scaleFn: { policy: 'exponential', lr: 1, gamma: 0.5 },
      scaleMode: 'cycle',
      baseMomentum: 0.85,
      maxMomentum: 0.95,
    },
    steps: 120,
  },
  oneCycle: { spec: { policy: 'oneCycle', maxLr: 0.1, totalSteps: 100 }, steps: 100 },
  warmup: {
    spec: {
      policy: 'warmup',
      warmupSteps: 20,
      schedule: { policy: 'cosine', lr: 0.1, totalSteps: 80 },
    },
    steps: 100,
  },
  sequence: {
    spec: {
      policy: 'sequence',
      schedules: [
        { policy: 'constant', lr: 0.1 },
        { policy: 'linear', lr: 0.1, startFactor: 1, endFactor: 0.01, totalSteps: 30 },
      ],
      boundaries: [70],
    },
    steps: 100,
  },
  scale: {
    spec: {
      policy: 'scale',
      factor: { policy: 'step', lr: 1, stepSize: 25, gamma: 0.5 },
      schedule: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 25 },
    },
    steps: 100,
  },
  noise: {
    spec: {
      policy: 'noise',
      noisePct: 0.3,
      startStep: 20,
      schedule: { policy: 'cosine', lr: 0.1, totalSteps: 100 },
    },
    steps: 120,
  },
  clamp: {
    spec: {
      policy: 'clamp',
      minLr: 0.02,
      maxLr: 0.08,
      schedule: { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 50 },
    },
    steps: 100,
  },
};

const check = process.argv.includes('--check');
const scratch = mkdtempSync(join(tmpdir(), 'cyclr-policy-plots-'));
const problems: string[] = [];
try {
  for (const { name } of listPolicies()) {
    const example = examples[name];
    if (example === undefined) {
      problems.push(`policy ${name} has no example spec in packages/cli/scripts/plot-policies.ts`);
      continue;
    }
    const file = `${name}.svg`;
    const target = check ? join(scratch, file) : join(docs, file);
    let stderr = '';
    const code = await run(
      ['plot', JSON.stringify(example.spec), '--steps', String(example.steps), '--out', target],
      {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        cwd: docs,
        columns: 80,
        color: false,
        debug: false,
      },
    );
    if (code !== 0) {
      problems.push(`cyclr plot ${name}: ${stderr.trim()}`);
      continue;
    }
    if (!check) continue;
    let committed: string | undefined;
    try {
      committed = readFileSync(join(docs, file), 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== readFileSync(target, 'utf8')) {
      problems.push(
        `docs/policies/${file} is ${committed === undefined ? 'missing' : 'out of date'}`,
      );
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`${problems.join('\n')}\nrun \`pnpm docs:plots\` and commit docs/policies`);
  process.exitCode = 1;
} else if (!check) {
  writeFileSync(
    join(docs, 'README.md'),
    `# Every policy, drawn by \`cyclr plot\`\n\nGenerated by \`pnpm docs:plots\` (packages/cli/scripts/plot-policies.ts); CI checks they are current.\n\n${listPolicies()
      .map(
        ({ name }) =>
          `## ${name}\n\n\`${JSON.stringify(examples[name]?.spec)}\`\n\n![${name}](${name}.svg)\n`,
      )
      .join('\n')}`,
  );
  console.log(`wrote ${listPolicies().length} plots to docs/policies`);
} else {
  console.log(`docs/policies: ${listPolicies().length} plots current`);
}
