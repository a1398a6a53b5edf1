const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON value as a TypeScript literal in the repository's style (single quotes, bare keys). */
export function tsLiteral(value: unknown, indent = ''): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => tsLiteral(item, inner));
    const oneLine = `[${items.join(', ')}]`;
    if (oneLine.length + indent.length <= 80 && !oneLine.includes('\n')) return oneLine;
    return `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${identifier.test(key) ? key : tsLiteral(key)}: ${tsLiteral(item, inner)}`,
    );
    const oneLine = `{ ${entries.join(', ')} }`;
    if (oneLine.length + indent.length <= 80 && !oneLine.includes('\n')) return oneLine;
    return `{\n${entries.map((entry) => `${inner}${entry},`).join('\n')}\n${indent}}`;
  }
  throw new TypeError(`tsLiteral: cannot write ${typeof value} as a literal`);
}
