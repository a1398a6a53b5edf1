/** A JS value as a Python literal: numbers as Python reads them back, booleans capitalised. */
export function pythonLiteral(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`pythonLiteral: got ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  throw new TypeError(`pythonLiteral: cannot write ${typeof value} as a Python literal`);
}

/** `Name(optimizer, a=1, b=2)` on one line, or one argument per line when it gets long. */
export function pythonCall(
  callee: string,
  args: readonly string[],
  kwargs: Readonly<Record<string, unknown>>,
  indent = '',
): string {
  const parts = [
    ...args,
    ...Object.entries(kwargs).map(([key, value]) => `${key}=${pythonLiteral(value)}`),
  ];
  const oneLine = `${callee}(${parts.join(', ')})`;
  if (oneLine.length + indent.length <= 88) return oneLine;
  const inner = `${indent}    `;
  return `${callee}(\n${parts.map((part) => `${inner}${part},`).join('\n')}\n${indent})`;
}
