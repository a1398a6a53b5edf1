/** Exit codes: 1 for input the CLI understood but rejected (a bad spec), 2 for bad usage. */
export const exitCode = {
  ok: 0,
  invalidInput: 1,
  usage: 2,
  internal: 70,
} as const;

/**
 * An error the CLI reports as one line on stderr (no stack trace) and turns into an exit code.
 * The message follows core's style: `expected <what> to be <kind>, got <value>`.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, code: number) {
    super(message);
    this.exitCode = code;
  }
}

/** Bad command line: unknown option, missing argument, malformed number. Exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, exitCode.usage);
}

/** Input the CLI read but cannot use: invalid JSON, unknown policy, bad parameter. Exit code 1. */
export function inputError(message: string): CliError {
  return new CliError(message, exitCode.invalidInput);
}

/** Messages are printed on one line: newlines inside (e.g. from JSON.parse) are folded. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
