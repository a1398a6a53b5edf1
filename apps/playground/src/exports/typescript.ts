import type { PolicySpec } from '@cyclr/core';
import * as core from '@cyclr/core';
import { tsLiteral } from './ts-literals.js';

/** The options object of a spec: everything but `policy`. */
function optionsOf(spec: PolicySpec): Record<string, unknown> {
  const { policy: _policy, ...options } = spec;
  return options;
}

/**
 * TypeScript that builds the schedule with `@cyclr/core`: the policy's own factory when core
 * exports one under the policy's name, `fromSpec` for policies registered elsewhere.
 */
export function toTypeScript(spec: PolicySpec): string {
  const hasFactory = typeof (core as Record<string, unknown>)[spec.policy] === 'function';
  const build = hasFactory
    ? `${spec.policy}(${tsLiteral(optionsOf(spec))})`
    : `fromSpec(${tsLiteral(spec)})`;
  const name = hasFactory ? spec.policy : 'fromSpec';
  return [
    `import { ${name} } from '@cyclr/core';`,
    '',
    `export const schedule = ${build};`,
    '',
    '// schedule.lr(step) is the rate of update `step` (0-based); schedule.momentum is set when',
    '// the policy cycles momentum.',
    '',
  ].join('\n');
}

/** A tfjs `model.fit` with `@cyclr/tfjs`'s callback: a new rate before every batch. */
export function toTfjs(spec: PolicySpec): string {
  return [
    "import type * as tf from '@tensorflow/tfjs';",
    "import { learningRateScheduler } from '@cyclr/tfjs';",
    '',
    `const spec = ${tsLiteral(spec)};`,
    '',
    '// The schedule steps once per batch (optimizer update), as cyclr counts steps.',
    'export function fitWithSchedule(',
    '  model: tf.LayersModel,',
    '  xs: tf.Tensor,',
    '  ys: tf.Tensor,',
    '  epochs: number,',
    '  batchSize: number,',
    '): Promise<tf.History> {',
    '  return model.fit(xs, ys, {',
    '    epochs,',
    '    batchSize,',
    '    callbacks: [learningRateScheduler(spec, { model })],',
    '  });',
    '}',
    '',
  ].join('\n');
}

/** The spec as pretty JSON, for `fromSpec`, the CLI (`cyclr plot`) or a config file. */
export function toJson(spec: PolicySpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
