import { createRequire } from 'node:module';
import { ScheduleError } from '@cyclr/core';
import { Command, CommanderError } from 'commander';
import type { FindOptions } from './commands/find.js';
import { plotCommand } from './commands/plot.js';
import { describePolicies, formatPolicies } from './commands/policies.js';
import { valuesCommand } from './commands/values.js';
import { CliError, exitCode, oneLine } from './errors.js';
import { type CliIO, processIO } from './io.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const specHelp = 'policy spec: inline JSON, a path to a JSON file, or - for stdin';

/**
 * Runs the `cyclr` command line (without the `node` and script entries of `process.argv`) and
 * resolves to the exit code: 0 on success, 1 for an invalid spec or input file, 2 for bad usage.
 * Errors are written to `io.stderr` as one line, never as a stack trace.
 *
 * @example
 * ```ts
 * const code = await run(['values', '{"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 100}', '--steps', '5']);
 * ```
 */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return exitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode.ok;
  } catch (error) {
    return report(error, io);
  }
}

function buildProgram(io: CliIO): Command {
  const program = new Command('cyclr')
    .description(
      'Learning-rate schedules from the command line: print, plot and list cyclical learning rates, 1cycle and friends, and find their bounds with the LR range test.',
    )
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Errors are reported by `report` as one line; commander's own rendering is dropped.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .helpCommand(true);

  program
    .command('values')
    .description(
      'print {"lr": [...], "momentum": [...]} as JSON, one value per step (momentum only when the policy cycles it)',
    )
    .argument('<spec>', specHelp)
    .option(
      '-n, --steps <n>',
      'number of steps (default: totalSteps - start, when the schedule has a length)',
    )
    .option('--start <step>', 'first step (0 = the first optimizer update)', undefined)
    .action((spec: string, options: { steps?: string; start?: string }) => {
      valuesCommand(spec, options, io);
    });

  program
    .command('plot')
    .description(
      'draw lr (and momentum) in the terminal, or write an SVG or PNG chart with --out; given a range-test result (cyclr find --save), draw its loss curve with the suggestions and bounds marked',
    )
    .argument('<spec>', `${specHelp}; or a saved range-test result`)
    .option(
      '-n, --steps <n>',
      'number of steps (default: totalSteps - start, when the schedule has a length)',
    )
    .option('--start <step>', 'first step (0 = the first optimizer update)')
    .option('-o, --out <file>', 'write the chart to a .svg or .png file instead')
    .option('--rows <n>', 'height of the terminal chart in rows', undefined)
    .option('--log', 'logarithmic lr axis (SVG/PNG)')
    .action(async (spec: string, options: { steps?: string; start?: string; out?: string }) => {
      await plotCommand(spec, options, io);
    });

  program
    .command('policies')
    .description('list every registered policy with its parameters, defaults and docs')
    .argument('[name]', 'show one policy, with its formula')
    .option('--json', 'machine-readable output')
    .action((name: string | undefined, options: { json?: boolean }) => {
      if (options.json) {
        const all = describePolicies();
        const chosen = name === undefined ? all : all.filter((policy) => policy.name === name);
        if (name !== undefined && chosen.length === 0) formatPolicies(name); // throws the error
        io.stdout(`${JSON.stringify(name === undefined ? chosen : chosen[0], null, 2)}\n`);
        return;
      }
      io.stdout(formatPolicies(name));
    });

  program
    .command('find')
    .summary('LR range test on Fashion-MNIST: suggested lr bounds for CLR and 1cycle')
    .description(
      "run Smith's LR range test (ONNX trainer, Fashion-MNIST) and print suggested lr bounds; needs the optional packages @cyclr/onnxruntime, onnxruntime-node, @cyclr/rangefinder, @cyclr/datasets",
    )
    .option(
      '--data <dir>',
      'directory of the four Fashion-MNIST IDX files (default: the built-in subset)',
    )
    .option('-n, --steps <n>', 'steps of the sweep (default: 100)')
    .option('--start-lr <lr>', 'first rate of the sweep (default: 1e-7)')
    .option('--end-lr <lr>', 'last rate of the sweep (default: 10)')
    .option('--batch-size <n>', 'examples per step (default: 128)')
    .option('--hidden <n>', 'hidden units of the MLP (default: 256)')
    .option('--optimizer <name>', 'sgd or adam (default: sgd)')
    .option('--momentum <m>', 'SGD momentum or Adam beta1 (default: 0.9)')
    .option('--seed <n>', 'seed of weights and data order (default: 0)')
    .option(
      '--evaluate-every <n>',
      "Smith's accuracy test: test accuracy every n steps; bounds then come from it",
    )
    .option('-o, --out <file>', 'also write the loss curve to a .svg or .png file')
    .option(
      '--save <file.json>',
      'also save the result (curves, suggestions, bounds, specs) as JSON, for cyclr plot <file.json>',
    )
    .option('--json', 'print the curves, suggestions and bounds as JSON')
    .action(async (options: FindOptions) => {
      const { findCommand } = await import('./commands/find.js');
      await findCommand(options, io);
    });

  return program;
}

/** Turns any error into one stderr line and an exit code. */
function report(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // --help and --version end parsing with a CommanderError too; they succeeded.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return error.exitCode === 0 ? exitCode.ok : exitCode.usage;
    }
    const message = oneLine(error.message).replace(/^error:\s*/, '');
    io.stderr(`cyclr: ${message}; see cyclr --help\n`);
    return exitCode.usage;
  }
  if (error instanceof CliError) {
    io.stderr(`cyclr: ${oneLine(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof ScheduleError) {
    io.stderr(`cyclr: ${oneLine(error.message)}\n`);
    return exitCode.invalidInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `cyclr: internal error: ${oneLine(message)}${io.debug ? '' : ' (set CYCLR_DEBUG=1 for the stack trace)'}\n`,
  );
  if (io.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return exitCode.internal;
}
