import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from './errors.js';
import { GZIP_MAGIC_0, GZIP_MAGIC_1, type IdxArray, parseIdx } from './idx-format.js';

export { encodeIdx, type IdxArray, type IdxData, type IdxDtype, parseIdx } from './idx-format.js';

const gunzipAsync = promisify(gunzip);

/**
 * Reads and decodes an IDX file, gzipped or not (detected from the gzip magic bytes, not the
 * file name).
 *
 * @param path - Path of the `.idx*-ubyte` or `.idx*-ubyte.gz` file.
 * @throws {@link DatasetError} naming the file when it is missing, unreadable, a corrupt gzip
 *   stream or not a valid IDX file.
 *
 * @example
 * ```ts
 * import { readIdx } from '@cyclr/datasets';
 * const labels = await readIdx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * labels.dims; // [10000]
 * ```
 */
export async function readIdx(path: string): Promise<IdxArray> {
  let raw: Uint8Array;
  try {
    raw = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : String((error as Error).message);
    throw new DatasetError(`readIdx: cannot read ${path}: ${reason}`, path, { cause: error });
  }
  let bytes = raw;
  if (raw[0] === GZIP_MAGIC_0 && raw[1] === GZIP_MAGIC_1) {
    try {
      bytes = await gunzipAsync(raw);
    } catch (error) {
      throw new DatasetError(
        `readIdx: ${path} is a corrupt gzip file: ${(error as Error).message}`,
        path,
        { cause: error },
      );
    }
  }
  return parseIdx(bytes, path);
}
