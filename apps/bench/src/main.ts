import { relative } from 'node:path';
import { parseArgs } from './cli.js';
import { plainUi, terminalUi } from './progress.js';
import { runBench } from './protocol.js';
import { terminalSummary } from './report/terminal.js';
import { writeReport } from './report/write.js';

// pnpm runs package scripts in the package's directory; paths on the command line are meant
// relative to where the user typed them.
const base = process.env.INIT_CWD ?? process.cwd();
const config = parseArgs(process.argv, base);
const ui = process.stderr.isTTY ? terminalUi() : plainUi();
const command = ['pnpm bench', ...process.argv.slice(2)].join(' ');

try {
  const results = await runBench(config, ui, { command });
  ui.close();
  process.stdout.write(`${terminalSummary(results)}\n`);
  const files = await writeReport(results, config.out);
  process.stdout.write(`\nWrote ${files.map((file) => relative(base, file)).join(', ')}\n`);
} catch (error) {
  ui.close();
  process.stderr.write(`cyclr bench: ${(error as Error).message}\n`);
  if (process.env.CYCLR_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
}
