import { join, relative } from 'node:path';
import { parseArgs, parseMergeArgs } from './cli.js';
import type { BenchConfig } from './config.js';
import { gatherShards } from './merge.js';
import { AbortedError } from './pool.js';
import { type BenchUi, plainUi, terminalUi } from './progress.js';
import { runBench, runTrials } from './protocol.js';
import { terminalSummary } from './report/terminal.js';
import { writeReport } from './report/write.js';
import type { TrialCounts } from './trials.js';

// pnpm runs package scripts in the package's directory; paths on the command line are meant
// relative to where the user typed them.
const base = process.env.INIT_CWD ?? process.cwd();
const merging = process.argv[2] === 'merge';
const command = ['pnpm bench', ...process.argv.slice(2)].join(' ');
const ui: BenchUi = process.stderr.isTTY ? terminalUi() : plainUi();
const write = (line: string) => process.stdout.write(`${line}\n`);

// Ctrl-C: stop the workers, keep every finished run, say how to go on. A second one quits now.
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});

function trialLine(counts: TrialCounts): string {
  const total = counts.resumed + counts.computed;
  return `resumed ${counts.resumed} of ${total} runs from the store, trained ${counts.computed}`;
}

async function report(config: BenchConfig, offline: boolean) {
  const results = await runBench(config, ui, { command, signal: stop.signal, offline });
  ui.close();
  write(terminalSummary(results));
  write(trialLine(results.meta.trials));
  const files = await writeReport(results, config.out);
  write(`\nWrote ${files.map((file) => relative(base, file)).join(', ')}`);
}

let out: string | undefined;
try {
  if (merging) {
    const args = parseMergeArgs([...process.argv.slice(0, 2), ...process.argv.slice(3)], base);
    out = args.out;
    const { config, copied } = await gatherShards(args.dirs, args.out, args.dataDir);
    ui.log(
      `bench merge: ${copied} run(s) copied from ${args.dirs.length} store(s) into ${args.out}`,
    );
    await report(config, true);
  } else {
    const config = parseArgs(process.argv, base);
    out = config.out;
    if (config.shard) {
      const { counts, storeDir } = await runTrials(config, ui, { command, signal: stop.signal });
      ui.close();
      write(
        `shard ${config.shard.index}/${config.shard.count} done: ${trialLine(counts)}; stored in ${relative(base, storeDir)}`,
      );
      write(
        "When every shard is done: pnpm bench merge DIR... (each shard's --out) --out REPORT_DIR",
      );
    } else {
      await report(config, false);
    }
  }
} catch (error) {
  ui.close();
  if (error instanceof AbortedError || stop.signal.aborted) {
    process.stderr.write(
      `cyclr bench: stopped (Ctrl-C). Every finished run is stored in ${out === undefined ? 'the --out directory' : join(out, 'trials')}; rerun the same command to resume:\n  ${command}\n`,
    );
    process.exitCode = 130;
  } else {
    process.stderr.write(`cyclr bench: ${(error as Error).message}\n`);
    if (process.env.CYCLR_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  }
}
