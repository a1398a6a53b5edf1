/**
 * Thrown when a dataset file is missing, unreadable or not what it claims to be. `file` is the
 * path that caused it, so a caller can tell the user which file to fix.
 *
 * @example
 * ```ts
 * import { DatasetError, readIdx } from '@cyclr/datasets';
 * try {
 *   await readIdx('missing.idx');
 * } catch (error) {
 *   if (error instanceof DatasetError) console.error(error.file);
 * }
 * ```
 */
export class DatasetError extends Error {
  /** The file (or directory) the error is about. */
  readonly file: string;

  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetError';
    this.file = file;
  }
}
