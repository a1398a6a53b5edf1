import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
// Absolute, so a test may run the CLI from another working directory.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `cyclr` binary in a child process, from source through tsx with the
 * `@cyclr/source` condition (as `pnpm demo` does), so exit codes and stderr are the ones a
 * user sees, with no build step before the tests.
 */
export function spawnCli(
  args: readonly string[],
  options: { readonly cwd?: string; readonly input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', tsx, '--conditions=@cyclr/source', bin, ...args],
      {
        cwd: options.cwd ?? packageDir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', CYCLR_DEBUG: '' },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

export { packageDir };
