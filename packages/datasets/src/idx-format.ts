// The IDX format itself, with no Node imports, so browsers can parse the shipped files too.
import { DatasetError } from './errors.js';

/** Element types the IDX format defines, by their type byte. */
const IDX_TYPES = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
} as const;

/** Element type of an IDX file. */
export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['dtype'];

/** The typed array an IDX file of each element type decodes to. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded IDX file: its element type, its dimensions (outermost first) and its values. */
export interface IdxArray {
  readonly dtype: IdxDtype;
  /** Dimensions, outermost first: `[count, rows, cols]` for MNIST-style images. */
  readonly dims: readonly number[];
  /** Values in row-major order; `data.length` is the product of `dims`. */
  readonly data: IdxData;
}

export const GZIP_MAGIC_0 = 0x1f;
export const GZIP_MAGIC_1 = 0x8b;
const HEADER_BYTES = 4;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Decodes the bytes of an IDX file (the format of MNIST and Fashion-MNIST). The header is
 * validated eagerly: two zero bytes, a known type byte, the number of dimensions, then each
 * dimension as a big-endian uint32; the payload must hold exactly the product of the dimensions.
 * Multi-byte values are big-endian, as the format specifies.
 *
 * @param bytes - The file's bytes, already decompressed.
 * @param source - Name used in error messages (usually the path).
 * @throws {@link DatasetError} naming `source` when the header or the length is wrong.
 *
 * @example
 * ```ts
 * import { parseIdx } from '@cyclr/datasets';
 * const bytes = Uint8Array.of(0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9);
 * parseIdx(bytes, 'labels').data; // Uint8Array [7, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (bytes.length < HEADER_BYTES) {
    throw new DatasetError(
      `parseIdx: ${source} is not an IDX file: expected at least ${HEADER_BYTES} header bytes, got ${bytes.length}`,
      source,
    );
  }
  const typeByte = bytes[2] as number;
  const rank = bytes[3] as number;
  const type = IDX_TYPES[typeByte as keyof typeof IDX_TYPES];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || rank === 0) {
    throw new DatasetError(
      `parseIdx: ${source} is not an IDX file: expected magic bytes 00 00 <type 08|09|0b|0c|0d|0e> <rank >= 1>, got ${hex(bytes.subarray(0, HEADER_BYTES))}`,
      source,
    );
  }
  const headerBytes = HEADER_BYTES + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      `parseIdx: ${source} is truncated: expected ${headerBytes} header bytes for ${rank} dimensions, got ${bytes.length}`,
      source,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let axis = 0; axis < rank; axis++) {
    const dim = view.getUint32(HEADER_BYTES + 4 * axis, false);
    dims.push(dim);
    size *= dim;
  }
  const payloadBytes = size * type.bytes;
  const actualBytes = bytes.length - headerBytes;
  if (actualBytes !== payloadBytes) {
    throw new DatasetError(
      `parseIdx: ${source} has the wrong length: dimensions [${dims.join(', ')}] of ${type.dtype} need ${payloadBytes} data bytes, got ${actualBytes}${actualBytes < payloadBytes ? ' (truncated file?)' : ''}`,
      source,
    );
  }
  return { dtype: type.dtype, dims, data: decode(view, headerBytes, size, type.dtype) };
}

function decode(view: DataView, offset: number, size: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(
        view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size),
      );
    case 'int8':
      return new Int8Array(
        view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size),
      );
    case 'int16': {
      const out = new Int16Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Encodes values as an IDX file's bytes (uncompressed; gzip them with `node:zlib` if wanted).
 * The inverse of {@link parseIdx}.
 *
 * @throws RangeError when `data.length` is not the product of `dims`.
 *
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from '@cyclr/datasets';
 * const bytes = encodeIdx({ dtype: 'uint8', dims: [2], data: Uint8Array.of(7, 9) });
 * parseIdx(bytes, 'labels').data; // Uint8Array [7, 9]
 * ```
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const entry = Object.entries(IDX_TYPES).find(([, type]) => type.dtype === array.dtype);
  if (entry === undefined) {
    throw new RangeError(`encodeIdx: expected dtype to be an IDX type, got ${String(array.dtype)}`);
  }
  const [typeByte, type] = entry;
  const size = array.dims.reduce((product, dim) => product * dim, 1);
  if (array.dims.length === 0 || array.dims.length > 255 || size !== array.data.length) {
    throw new RangeError(
      `encodeIdx: expected data.length to equal the product of dims [${array.dims.join(', ')}] (${size}), got ${array.data.length}`,
    );
  }
  const headerBytes = HEADER_BYTES + 4 * array.dims.length;
  const bytes = new Uint8Array(headerBytes + size * type.bytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = Number(typeByte);
  bytes[3] = array.dims.length;
  array.dims.forEach((dim, axis) => {
    view.setUint32(HEADER_BYTES + 4 * axis, dim, false);
  });
  for (let i = 0; i < size; i++) {
    const value = array.data[i] as number;
    const offset = headerBytes + i * type.bytes;
    switch (array.dtype) {
      case 'uint8':
        view.setUint8(offset, value);
        break;
      case 'int8':
        view.setInt8(offset, value);
        break;
      case 'int16':
        view.setInt16(offset, value, false);
        break;
      case 'int32':
        view.setInt32(offset, value, false);
        break;
      case 'float32':
        view.setFloat32(offset, value, false);
        break;
      case 'float64':
        view.setFloat64(offset, value, false);
        break;
    }
  }
  return bytes;
}
