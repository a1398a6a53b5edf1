import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, transform } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from '../index.js';

// Proves "@cyclr/core works in a browser bundle": esbuild with platform 'browser' fails on any
// `node:*` (or other unbundlable) import, and the bundle runs in a realm with no Node globals.
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

interface Bundle {
  readonly code: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: entry, resolveDir: packageDir, loader: 'ts', sourcefile: 'entry.ts' },
    absWorkingDir: packageDir,
    platform: 'browser',
    format: 'esm',
    bundle: true,
    conditions: ['@cyclr/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return { code: file.text, bytes: file.contents.byteLength, metafile: result.metafile };
}

/**
 * Evaluates an ESM bundle in a fresh V8 context that only has the ECMAScript built-ins (no
 * process, require, Buffer, console). The `export {...}` clause is rewritten to an IIFE's return
 * value by esbuild's transform so the plain `vm` Script API can run it (vm modules need a flag).
 */
async function evaluate(code: string): Promise<Record<string, unknown>> {
  const iife = await transform(code, { format: 'iife', globalName: '__cyclr' });
  const context = createContext({});
  expect(
    runInContext('[typeof process, typeof require, typeof Buffer, typeof module]', context),
  ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  return runInContext(`${iife.code};__cyclr`, context) as Record<string, unknown>;
}

type Core = typeof core;

function catchMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('browser bundle of src/index.ts', () => {
  let full: Bundle;
  let bundled: Core;

  beforeAll(async () => {
    full = await bundle("export * from './src/index.ts';");
    bundled = (await evaluate(full.code)) as unknown as Core;
  });

  it('builds for the browser and imports nothing', () => {
    const [output] = Object.values(full.metafile.outputs);
    expect(output?.imports).toEqual([]);
    // Every input is core's own source: no node_modules, no node: built-ins.
    for (const input of Object.keys(full.metafile.inputs)) {
      expect(input).toMatch(/^(src\/|entry\.ts$)/);
    }
    expect(full.code).not.toMatch(/\bimport\s*[({"'\w*]|\brequire\s*\(|\bnode:/);
  });

  it('references no Node globals', () => {
    expect(full.code).not.toMatch(/\b(process|Buffer|__dirname|__filename|global)\b(?!\w)/);
  });

  it('exports every public value of the unbundled module', () => {
    const runtimeNames = Object.keys(core).sort();
    expect(Object.keys(bundled).sort()).toEqual(runtimeNames);
    for (const name of runtimeNames) {
      expect(typeof (bundled as unknown as Record<string, unknown>)[name], name).toBe(
        typeof (core as unknown as Record<string, unknown>)[name],
      );
    }
  });

  it('evaluates fromSpec without Node globals', () => {
    const schedule = bundled.fromSpec({ policy: 'oneCycle', maxLr: 0.1, totalSteps: 1000 });
    expect(schedule.lr(299)).toBe(0.1);
    expect(schedule.momentum?.(299)).toBe(0.85);
    expect(schedule.totalSteps).toBe(1000);
    expect(JSON.parse(JSON.stringify(schedule))).toEqual(
      core.oneCycle({ maxLr: 0.1, totalSteps: 1000 }).toJSON(),
    );
  });

  it('matches the unbundled import value for value', () => {
    const specs = [
      { policy: 'triangular', baseLr: 0.001, maxLr: 0.006, stepSize: 7 },
      { policy: 'triangular2', baseLr: 0.001, maxLr: 0.006, stepSize: 5, stepSizeDown: 3 },
      { policy: 'expRange', baseLr: 0.001, maxLr: 0.006, stepSize: 4, gamma: 0.99 },
      { policy: 'oneCycle', maxLr: 0.1, totalSteps: 50, threePhase: true, anneal: 'linear' },
      { policy: 'cosineRestarts', lr: 0.1, firstCycleSteps: 10, cycleMult: 2 },
      {
        policy: 'warmup',
        warmupSteps: 5,
        schedule: { policy: 'cosine', lr: 0.1, totalSteps: 40 },
      },
    ];
    for (const spec of specs) {
      const expected = core.fromSpec(spec);
      const actual = bundled.fromSpec(spec);
      for (let step = 0; step < 60; step++) {
        expect(actual.lr(step), `${spec.policy} lr(${step})`).toBe(expected.lr(step));
        expect(actual.momentum?.(step)).toBe(expected.momentum?.(step));
      }
      expect(actual.toJSON()).toEqual(expected.toJSON());
    }
    const tri = bundled.triangular({ baseLr: 0.001, maxLr: 0.006, stepSize: 2000 });
    const triRef = core.triangular({ baseLr: 0.001, maxLr: 0.006, stepSize: 2000 });
    for (const step of [0, 1, 999, 2000, 3000, 4000, 12345]) {
      expect(tri.lr(step)).toBe(triRef.lr(step));
    }
  });

  it('throws ScheduleError (from the bundle realm) with policy and param', () => {
    let thrown: unknown;
    try {
      bundled.fromSpec({ policy: 'oneCycle', maxLr: 0.1, totalSteps: 0 });
    } catch (error) {
      thrown = error;
    }
    // Another realm's class: check by the bundle's own constructor, not core's.
    expect(thrown).toBeInstanceOf(bundled.ScheduleError);
    expect(thrown).toMatchObject({
      name: 'ScheduleError',
      policy: 'oneCycle',
      param: 'totalSteps',
    });
    const typo = { policy: 'triangulr' };
    expect(() => bundled.fromSpec(typo)).toThrow(/did you mean "triangular"/);
    expect(() => bundled.fromSpec(typo)).toThrow(catchMessage(() => core.fromSpec(typo)));
  });

  it('bundles and runs an entry that imports only `constant`', async () => {
    const small = await bundle(
      "import { constant } from './src/index.ts'; export const lr = constant({ lr: 0.5 }).lr(10);",
    );
    expect(Object.values(small.metafile.outputs)[0]?.imports).toEqual([]);
    expect(await evaluate(small.code)).toEqual({ lr: 0.5 });
    // Definitions import nothing above them, so one policy costs a fraction of the whole.
    expect(gzipSync(small.code).byteLength).toBeLessThanOrEqual(
      0.4 * gzipSync(full.code).byteLength,
    );
  });

  // The CLR policies share one file (their parameter table and formula), so they come together.
  const cyclicFamily = ['triangular', 'triangular2', 'expRange', 'cyclic'];
  const leafFactories: Record<string, readonly string[]> = {
    constant: ['constant'],
    step: ['step'],
    multiStep: ['multiStep'],
    exponential: ['exponential'],
    cosine: ['cosine'],
    cosineRestarts: ['cosineRestarts'],
    polynomial: ['polynomial'],
    linear: ['linear'],
    inverseSqrt: ['inverseSqrt'],
    inverseTime: ['inverseTime'],
    warmupStableDecay: ['warmupStableDecay'],
    oneCycle: ['oneCycle'],
    triangular: cyclicFamily,
    fromFunction: [],
  };
  for (const [factory, allowed] of Object.entries(leafFactories)) {
    it(`a bundle of \`${factory}\` carries no other policy`, async () => {
      const small = await bundle(`export { ${factory} } from './src/index.ts';`);
      // A policy's summary is its most distinctive string: present iff its definition is.
      const carried = core
        .listPolicies()
        .filter((definition) => small.code.includes(JSON.stringify(definition.summary)))
        .map((definition) => definition.name);
      expect(carried).toEqual(
        core
          .listPolicies()
          .map((d) => d.name)
          .filter((name) => allowed.includes(name)),
      );
      // Modules that put bytes in the output (metafile.inputs also lists tree-shaken ones).
      const output = Object.values(small.metafile.outputs)[0];
      expect(Object.keys(output?.inputs ?? {})).not.toContain('src/registry.ts');
    });
  }

  it('imports form a DAG (no module reaches itself)', () => {
    const imports = new Map(
      Object.entries(full.metafile.inputs).map(([path, input]) => [
        path,
        input.imports.map((edge) => edge.path),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (path: string, trail: readonly string[]): void => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' -> '));
        return;
      }
      state.set(path, 'open');
      for (const next of imports.get(path) ?? []) visit(next, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of imports.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});
