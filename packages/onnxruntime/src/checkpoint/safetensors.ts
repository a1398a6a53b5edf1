/**
 * The safetensors format (https://github.com/huggingface/safetensors), read and written whole:
 * an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
 * `{ dtype, shape, data_offsets: [begin, end] }` (offsets into the byte buffer after the header)
 * plus an optional `__metadata__` map of strings, then the tensors' little-endian bytes,
 * contiguous and without holes. Python's `safetensors` and `torch` open these files.
 */

/** Element types this package stores, by their safetensors names. */
export type SafetensorsDtype = 'F32' | 'F64' | 'I64' | 'I32' | 'U8' | 'BOOL';

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = {
  F32: 4,
  F64: 8,
  I64: 8,
  I32: 4,
  U8: 1,
  BOOL: 1,
};

/** One tensor: its element type, shape and raw little-endian bytes. */
export interface SafetensorsTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

/** A whole file: tensors by name (in file order) and the string metadata. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Thrown for any file that is not well-formed safetensors (truncated, corrupt, inconsistent). */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

const METADATA = '__metadata__';
/** Headers above this are refused before parsing (the reference implementation's limit). */
const MAX_HEADER_BYTES = 100_000_000;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The bytes of a safetensors file holding these tensors (in this order) and metadata. */
export function encodeSafetensors(file: SafetensorsFile): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(file.metadata).length > 0) header[METADATA] = file.metadata;
  let offset = 0;
  for (const [name, t] of file.tensors) {
    if (name === METADATA) throw new SafetensorsError(`tensor name ${METADATA} is reserved`);
    const expected = elementCount(t.shape) * BYTES_PER_ELEMENT[t.dtype];
    if (t.bytes.length !== expected) {
      throw new SafetensorsError(
        `tensor '${name}': expected ${expected} bytes for ${t.dtype} [${t.shape}], got ${t.bytes.length}`,
      );
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + expected] };
    offset += expected;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the tensor data starts 8-byte aligned (as the reference writer does).
  const jsonBytes = () => new TextEncoder().encode(json);
  while ((8 + jsonBytes().length) % 8 !== 0) json += ' ';
  const headerBytes = jsonBytes();
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of file.tensors.values()) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}

function fail(reason: string): never {
  throw new SafetensorsError(reason);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a whole safetensors file, checking every offset, size and type; throws {@link SafetensorsError}. */
export function decodeSafetensors(file: Uint8Array): SafetensorsFile {
  // A plain Uint8Array view: a Node Buffer's slice() is a view, and callers copy with slice().
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < 8) fail(`expected at least 8 bytes (the header length), got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
    fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail('header is not a JSON object');
  const data = bytes.subarray(8 + headerLength);
  const metadata: Record<string, string> = {};
  const entries: [string, SafetensorsTensor, number][] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA) {
      if (!isRecord(value)) fail(`${METADATA} is not an object`);
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') fail(`${METADATA}.${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    if (!isRecord(value)) fail(`tensor '${name}' is not an object`);
    const { dtype, shape, data_offsets: offsets } = value;
    if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) {
      fail(`tensor '${name}': unsupported dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor '${name}': shape ${JSON.stringify(shape)} is not a list of sizes`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      fail(`tensor '${name}': data_offsets ${JSON.stringify(offsets)} are not [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = elementCount(shape) * BYTES_PER_ELEMENT[dtype as SafetensorsDtype];
    if (end - begin !== expected) {
      fail(`tensor '${name}': ${end - begin} bytes for ${dtype} [${shape}], expected ${expected}`);
    }
    if (end > data.length)
      fail(`tensor '${name}' ends at byte ${end} of a ${data.length}-byte buffer (truncated?)`);
    entries.push([
      name,
      { dtype: dtype as SafetensorsDtype, shape, bytes: data.subarray(begin, end) },
      begin,
    ]);
  }
  entries.sort((a, b) => a[2] - b[2]);
  let covered = 0;
  for (const [name, t, begin] of entries) {
    if (begin !== covered)
      fail(`tensor '${name}' starts at byte ${begin}, expected ${covered} (overlap or hole)`);
    covered += t.bytes.length;
  }
  if (covered !== data.length) {
    fail(`tensors cover ${covered} of ${data.length} data bytes (trailing bytes)`);
  }
  return { tensors: new Map(entries.map(([name, t]) => [name, t])), metadata };
}

/** The raw little-endian bytes of a typed array (a view, not a copy). */
export function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
