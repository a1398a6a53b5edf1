/**
 * The install test: what a new user gets from npm. Packs every published package, installs the
 * tarballs with npm into fresh projects outside the repository (a tfjs user, an onnxruntime
 * user, a CLI user with a global install), and runs there every README block marked
 * `install-test`, so a README example cannot rot. Also checks that a tfjs install contains no
 * onnxruntime-node and the reverse, that `require()` works (Node's require(esm)), and that a
 * global CLI finds the packages installed in the user's project.
 *
 * Run after the build: `pnpm test:install` (the root `test` script runs it; not `install-test`,
 * which is pnpm's built-in "install, then test"). Needs the npm
 * registry for the frameworks (tfjs, onnxruntime-node); the cyclr packages come from the
 * tarballs only. On failure the temporary directory is kept for inspection.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  consoleTranscript,
  type ReadmeExample,
  readmeExamples,
  type Scenario,
} from './readme-examples.js';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const published = ['core', 'tfjs', 'onnxruntime', 'rangefinder', 'datasets', 'cli'] as const;
/** READMEs in the order a user reads them, with the scenario their blocks run in by default. */
const readmes: readonly [string, Scenario | undefined][] = [
  ['README.md', undefined],
  ['packages/core/README.md', 'tfjs'],
  ['packages/tfjs/README.md', 'tfjs'],
  ['packages/rangefinder/README.md', 'tfjs'],
  ['packages/onnxruntime/README.md', 'onnxruntime'],
  ['packages/datasets/README.md', 'onnxruntime'],
  ['packages/cli/README.md', 'cli'],
];
const tsxLoader = pathToFileURL(createRequire(join(repo, 'package.json')).resolve('tsx')).href;
const stepTimeout = 240_000;

const work = mkdtempSync(join(tmpdir(), 'cyclr-install-test-'));
const tarballs = join(work, 'tarballs');
const globalPrefix = join(work, 'global');
const started = Date.now();

function log(message: string) {
  console.log(
    `[install-test ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`,
  );
}

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: stepTimeout },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({
          stdout,
          stderr: error && code === 1 && !stderr ? String(error.message) : stderr,
          code,
        });
      },
    );
  });
}

class InstallTestError extends Error {}

async function mustRun(
  what: string,
  command: string,
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
) {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new InstallTestError(
      `${what} failed (exit ${result.code}) in ${cwd}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/** `@cyclr/x` -> its tarball, and the @cyclr packages each one depends on. */
const tarballOf = new Map<string, string>();
const cyclrDependencies = new Map<string, string[]>();

async function packAll() {
  mkdirSync(tarballs, { recursive: true });
  // pnpm pack turns `workspace:^` ranges into the versions being published.
  const pnpm = ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', tarballs];
  await Promise.all(
    published.map((name) =>
      mustRun(`pnpm pack (${name})`, 'npx', pnpm, join(repo, 'packages', name)),
    ),
  );
  for (const name of published) {
    const manifest = JSON.parse(readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8'));
    const file = readdirSync(tarballs).find((entry) => entry.startsWith(`cyclr-${name}-`));
    if (file === undefined)
      throw new InstallTestError(`pnpm pack wrote no tarball for @cyclr/${name}`);
    tarballOf.set(manifest.name, join(tarballs, file));
    cyclrDependencies.set(
      manifest.name,
      Object.keys(manifest.dependencies ?? {}).filter((dep) => dep.startsWith('@cyclr/')),
    );
  }
}

/**
 * A README's `npm install` line with every `@cyclr/x` replaced by its tarball (and the @cyclr
 * packages it depends on: they are not on the registry yet), a global install kept inside the
 * test's directory.
 */
function rewriteInstall(line: string): string[] | undefined {
  // `VAR=value npm install ...`: the variables are set for every command anyway (scenarioEnv).
  const words = line
    .replace(/\s+#.*$/, '')
    .trim()
    .split(/\s+/)
    .filter(
      (word, index, all) =>
        !(/^[A-Z_]+=/.test(word) && all.slice(0, index).every((w) => /^[A-Z_]+=/.test(w))),
    );
  if (words[0] !== 'npm' || !['install', 'i', 'add'].includes(words[1] ?? '')) return undefined;
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline'];
  const wanted = new Set<string>();
  for (const word of words.slice(2)) {
    if (word === '-g' || word === '--global') {
      args.push('-g', '--prefix', globalPrefix);
      continue;
    }
    const name = word.replace(/(?<=.)@[^/]*$/, '');
    if (tarballOf.has(name)) {
      const add = (pkg: string) => {
        wanted.add(pkg);
        for (const dep of cyclrDependencies.get(pkg) ?? []) add(dep);
      };
      add(name);
    } else {
      args.push(word);
    }
  }
  for (const name of wanted) args.push(tarballOf.get(name) as string);
  return args;
}

function scenarioEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(globalPrefix, 'bin')}:${process.env.PATH ?? ''}`,
    // onnxruntime-node's postinstall downloads CUDA providers; the CPU binary ships in the package.
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    npm_config_onnxruntime_node_install: 'skip',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    // pnpm's NODE_PATH would let the examples find the workspace's own packages.
    NODE_PATH: '',
  };
}

async function runExample(example: ReadmeExample, dir: string, index: number) {
  const where = `${example.file}:${example.line}`;
  if (example.language === 'ts') {
    const file = join(dir, `example-${index}.mts`);
    writeFileSync(file, `${example.code}\n`);
    await mustRun(
      `the ts example at ${where}`,
      process.execPath,
      ['--import', tsxLoader, file],
      dir,
      scenarioEnv(),
    );
    log(`ran ${where} (${example.scenario})`);
    return;
  }
  if (example.language === 'console') {
    for (const { command, output } of consoleTranscript(example.code)) {
      // A transcript may show a failing command (an error message): compare output, not exit code.
      const result = await run(
        'bash',
        ['-o', 'pipefail', '-c', `${command} 2>&1`],
        dir,
        scenarioEnv(),
      );
      if (result.stdout.trimEnd() !== output) {
        throw new InstallTestError(
          `${where}: \`${command}\` printed\n${result.stdout.trimEnd()}\nbut the README shows\n${output}`,
        );
      }
      log(`ran ${where}: $ ${command.length > 88 ? `${command.slice(0, 85)}...` : command}`);
    }
    return;
  }
  for (const raw of example.code.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const install = rewriteInstall(line);
    if (install !== undefined) {
      await mustRun(`${line} (${where})`, 'npm', install, dir, scenarioEnv());
    } else {
      await mustRun(
        `${line} (${where})`,
        'bash',
        ['-euo', 'pipefail', '-c', line],
        dir,
        scenarioEnv(),
      );
    }
    log(`ran ${where}: ${line.length > 90 ? `${line.slice(0, 87)}...` : line}`);
  }
}

async function runScenario(scenario: Scenario, examples: readonly ReadmeExample[]) {
  const dir = join(work, scenario);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `cyclr-${scenario}-user`, private: true, type: 'module' }, null, 2)}\n`,
  );
  let index = 0;
  for (const example of examples.filter((candidate) => candidate.scenario === scenario)) {
    await runExample(example, dir, index++);
  }
  return dir;
}

function expectAbsent(dir: string, packages: readonly string[], why: string) {
  for (const name of packages) {
    if (existsSync(join(dir, 'node_modules', name))) {
      throw new InstallTestError(`${why}: ${name} is installed in ${relative(work, dir)}`);
    }
  }
}

function expectContains(what: string, result: Run, text: string) {
  const output = result.stdout + result.stderr;
  if (!output.includes(text)) {
    throw new InstallTestError(
      `${what}: expected the output to contain\n  ${text}\ngot\n${output}`,
    );
  }
}

async function main() {
  log(`working in ${work}`);
  const examples = readmes.flatMap(([file, scenario]) =>
    readmeExamples(join(repo, file), scenario).map((example) => ({ ...example, file })),
  );
  for (const scenario of ['tfjs', 'onnxruntime', 'cli'] as const) {
    if (!examples.some((example) => example.scenario === scenario)) {
      throw new InstallTestError(
        `no README block is marked install-test for the ${scenario} scenario`,
      );
    }
  }
  await packAll();
  log(`packed ${published.length} packages`);

  const [tfjsDir, onnxDir, cliDir] = await Promise.all([
    runScenario('tfjs', examples),
    runScenario('onnxruntime', examples),
    runScenario('cli', examples),
  ]);

  // A user of one framework never downloads the other.
  expectAbsent(
    tfjsDir,
    ['onnxruntime-node', 'onnxruntime-web', 'onnxruntime-common', '@cyclr/onnxruntime'],
    'a tfjs install',
  );
  expectAbsent(
    onnxDir,
    // onnxruntime-web is an optional peer: an onnxruntime-node user never downloads it.
    ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@cyclr/tfjs', 'onnxruntime-web'],
    'an onnxruntime install',
  );
  log('a tfjs install has no onnxruntime, an onnxruntime install has no tfjs');

  // ESM-only, and require() works through Node's require(esm) (Node 20.19+, 22.12+).
  const required = await mustRun(
    'require() of @cyclr/core and @cyclr/tfjs',
    process.execPath,
    [
      '-e',
      "const { oneCycle } = require('@cyclr/core'); require('@cyclr/tfjs'); console.log(oneCycle({ maxLr: 0.1, totalSteps: 100 }).lr(29))",
    ],
    tfjsDir,
    scenarioEnv(),
  );
  if (Number(required.stdout.trim()) !== 0.1) {
    throw new InstallTestError(
      `require('@cyclr/core') gave lr(29) = ${required.stdout.trim()}, expected 0.1`,
    );
  }
  log(`require() works on Node ${process.versions.node}`);

  // The global CLI finds the optional packages of the project it runs in, and says where it
  // looked when they are not there.
  const cyclr = join(globalPrefix, 'bin', 'cyclr');
  if (!existsSync(cyclr))
    throw new InstallTestError('no README installs the CLI globally (npm install -g)');
  const found = await mustRun(
    'global cyclr find in the project',
    cyclr,
    ['find', '--steps', '12', '--json'],
    cliDir,
    scenarioEnv(),
  );
  const bounds = JSON.parse(found.stdout).bounds;
  if (!(bounds?.maxLr > 0))
    throw new InstallTestError(
      `global cyclr find printed no bounds: ${found.stdout.slice(0, 400)}`,
    );
  const empty = join(work, 'empty-project');
  mkdirSync(empty);
  const missing = await run(cyclr, ['find'], empty, scenarioEnv());
  expectContains(
    'global cyclr find without the optional packages',
    missing,
    `looked next to the CLI (${join(globalPrefix, 'lib', 'node_modules', '@cyclr', 'cli')}) and in the project of ${empty}`,
  );
  log("the global CLI uses the project's packages and says where it looked without them");
  log(`passed: ${examples.length} README blocks in 3 fresh projects`);
}

try {
  await main();
  rmSync(work, { recursive: true, force: true });
} catch (error) {
  console.error(
    `[install-test] FAILED: ${error instanceof InstallTestError ? error.message : (error as Error).stack}`,
  );
  console.error(`[install-test] kept ${work} for inspection`);
  // The other scenarios may still be running: stop them with the test.
  process.exit(1);
}
