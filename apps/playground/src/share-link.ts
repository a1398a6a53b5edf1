import type { PolicySpec } from '@cyclr/core';

/** The hash of a page showing these specs: one spec as an object, overlays as a list. */
export function specsToHash(specs: readonly PolicySpec[]): string {
  const value = specs.length === 1 ? specs[0] : specs;
  return `#spec=${encodeURIComponent(JSON.stringify(value))}`;
}

/**
 * The specs in a `#spec=<URI-encoded JSON>` hash: `undefined` when the hash holds none, an
 * error message when it holds something that is not JSON specs.
 */
export function specsFromHash(hash: string): readonly PolicySpec[] | string | undefined {
  const match = /^#?spec=(.*)$/s.exec(hash);
  if (match === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(match[1] as string));
  } catch (error) {
    return `The link's #spec= is not valid URI-encoded JSON: ${(error as Error).message}`;
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(isSpecObject)) {
    return 'The link\'s #spec= must be a spec object like {"policy": "oneCycle", ...} or a list of them';
  }
  return list;
}

function isSpecObject(value: unknown): value is PolicySpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { policy?: unknown }).policy === 'string'
  );
}
