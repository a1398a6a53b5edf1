/** Where a CLI run reads its context and writes its output; `run` takes one so tests can too. */
export interface CliIO {
  /** Writes to standard output (text is written as given, newlines included). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Directory relative paths (spec files, `--out`) are resolved against. */
  readonly cwd: string;
  /** Terminal width for `plot`, when known. */
  readonly columns: number | undefined;
  /** Whether terminal charts may use ANSI colours. */
  readonly color: boolean;
  /** Print stack traces of internal errors (`CYCLR_DEBUG=1`). */
  readonly debug: boolean;
}

/** The real process: stdout/stderr, the working directory, colour only on a TTY without NO_COLOR. */
export function processIO(): CliIO {
  const env = process.env;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    columns: process.stdout.columns,
    color:
      Boolean(process.stdout.isTTY) &&
      env.NO_COLOR === undefined &&
      env.TERM !== 'dumb' &&
      env.FORCE_COLOR !== '0',
    debug: env.CYCLR_DEBUG !== undefined && env.CYCLR_DEBUG !== '' && env.CYCLR_DEBUG !== '0',
  };
}
