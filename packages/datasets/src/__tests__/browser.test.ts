import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError as BrowserDatasetError, decodeIdx } from '../browser.js';
import { fashionMnistSubsetDir, readIdx } from '../index.js';

describe('decodeIdx (browser entry)', () => {
  it('decodes the shipped gzipped subset exactly as readIdx does', async () => {
    const path = join(fashionMnistSubsetDir, 't10k-labels-idx1-ubyte.gz');
    const fromNode = await readIdx(path);
    const fromBrowser = await decodeIdx(new Uint8Array(await readFile(path)), path);
    expect(fromBrowser.dims).toEqual(fromNode.dims);
    expect(fromBrowser.data).toEqual(fromNode.data);
  });

  it('names the source of a corrupt gzip stream', async () => {
    const corrupt = Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6);
    await expect(decodeIdx(corrupt, 'labels.gz')).rejects.toThrow(BrowserDatasetError);
    await expect(decodeIdx(corrupt, 'labels.gz')).rejects.toThrow(
      /decodeIdx: labels\.gz is a corrupt gzip file/,
    );
  });
});
