import type { CliIO } from '../io.js';
import { run } from '../run.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process with captured output, in working directory `cwd` (the spawned tests
 * prove the real binary).
 */
export function inProcessCli(cwd: string): (...argv: string[]) => Promise<CliResult> {
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      cwd,
      columns: 80,
      color: false,
      debug: false,
    };
    const code = await run(argv, io);
    return { code, stdout, stderr };
  };
}
