import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, encodeIdx, parseIdx, readIdx } from '../index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cyclr-idx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseIdx', () => {
  it('decodes a hand-written uint8 file', () => {
    // 00 00 08 01 | count 3 | payload
    const bytes = Uint8Array.of(0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 255);
    const array = parseIdx(bytes, 'hand');
    expect(array.dtype).toBe('uint8');
    expect(array.dims).toEqual([3]);
    expect(Array.from(array.data)).toEqual([7, 0, 255]);
  });

  it('decodes big-endian multi-byte types and round-trips encodeIdx', () => {
    const cases = [
      { dtype: 'int8', data: Int8Array.of(-3, 4, 127, -128) },
      { dtype: 'int16', data: Int16Array.of(-300, 2, 32767, -32768) },
      { dtype: 'int32', data: Int32Array.of(-70000, 1, 2 ** 31 - 1, -(2 ** 31)) },
      { dtype: 'float32', data: Float32Array.of(0.5, -1.25, 3e38, 0) },
      { dtype: 'float64', data: Float64Array.of(Math.PI, -1e300, 0, 1) },
    ] as const;
    for (const { dtype, data } of cases) {
      const bytes = encodeIdx({ dtype, dims: [2, 2], data });
      const array = parseIdx(bytes, dtype);
      expect(array.dtype).toBe(dtype);
      expect(array.dims).toEqual([2, 2]);
      expect(Array.from(array.data)).toEqual(Array.from(data));
    }
    // int16 -300 is 0xFED4: big-endian puts the high byte first.
    const int16 = encodeIdx({ dtype: 'int16', dims: [1], data: Int16Array.of(-300) });
    expect(Array.from(int16.subarray(8))).toEqual([0xfe, 0xd4]);
  });

  it('rejects a wrong magic number, naming the source and the bytes', () => {
    expect(() => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0), 'x.idx')).toThrow(
      /parseIdx: x\.idx is not an IDX file: .*got 01 00 08 01/,
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 0x07, 1, 0, 0, 0, 0), 'x.idx')).toThrow(
      /not an IDX file/,
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 0), 'x.idx')).toThrow(/rank >= 1/);
    expect(() => parseIdx(Uint8Array.of(0, 0), 'x.idx')).toThrow(/at least 4 header bytes/);
  });

  it('rejects truncated headers and payloads of the wrong length', () => {
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2), 'h')).toThrow(
      /h is truncated: expected 16 header bytes for 3 dimensions, got 8/,
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 1, 2), 'short')).toThrow(
      /need 3 data bytes, got 2 \(truncated file\?\)/,
    );
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 1, 2), 'long')).toThrow(
      /need 1 data bytes, got 2$/,
    );
  });

  it('throws DatasetError carrying the file', () => {
    try {
      parseIdx(Uint8Array.of(9, 9, 9, 9), 'bad.idx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).file).toBe('bad.idx');
    }
  });
});

describe('readIdx', () => {
  const labels = encodeIdx({ dtype: 'uint8', dims: [4], data: Uint8Array.of(1, 2, 3, 4) });

  it('reads plain and gzipped files alike, whatever their names', async () => {
    await writeFile(join(dir, 'plain'), labels);
    await writeFile(join(dir, 'zipped-without-suffix'), gzipSync(labels));
    for (const name of ['plain', 'zipped-without-suffix']) {
      const array = await readIdx(join(dir, name));
      expect(Array.from(array.data)).toEqual([1, 2, 3, 4]);
    }
  });

  it('names a missing file', async () => {
    const path = join(dir, 'nope.gz');
    await expect(readIdx(path)).rejects.toThrow(`readIdx: cannot read ${path}: no such file`);
  });

  it('names a corrupt gzip file', async () => {
    const zipped = gzipSync(labels);
    const path = join(dir, 'cut.gz');
    await writeFile(path, zipped.subarray(0, zipped.length - 12));
    await expect(readIdx(path)).rejects.toThrow(`readIdx: ${path} is a corrupt gzip file`);
  });

  it('names a file that decompresses to something other than IDX', async () => {
    const path = join(dir, 'text.gz');
    await writeFile(path, gzipSync(new TextEncoder().encode('hello, world')));
    await expect(readIdx(path)).rejects.toThrow(`parseIdx: ${path} is not an IDX file`);
  });
});
