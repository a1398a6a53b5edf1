import { describeValue, nearestName } from '@cyclr/core';

/**
 * Which parameters an option applies to (param groups, `freeze`): a name (`'dense0.weight'`), a
 * glob-like pattern where `*` is any run of characters and `?` one character (`'dense0.*'`,
 * `'*.bias'`; fnmatch's wildcards, which timm's name filters use), a RegExp tested anywhere
 * in the name (`/^dense[01]\./`), or a list of these. Every entry must match at least one
 * parameter, so a typo is an error rather than a silently empty group.
 *
 * @example
 * const trainer = await OnnxTrainer.create({ model, optimizer, schedule, freeze: ['dense0.*', /^conv/] });
 */
export type ParamSelector = ParamPattern | readonly ParamPattern[];

/** One entry of a {@link ParamSelector}. */
export type ParamPattern = string | RegExp;

/** A RegExp as JSON (checkpoints): its source and flags. */
interface StoredRegExp {
  readonly regExp: string;
  readonly flags: string;
}

function entries(selector: ParamSelector): readonly ParamPattern[] {
  return Array.isArray(selector) ? selector : [selector as ParamPattern];
}

function describePattern(pattern: ParamPattern): string {
  return typeof pattern === 'string' ? `'${pattern}'` : String(pattern);
}

/** Throws unless `selector` is a non-empty string, a RegExp, or a non-empty list of those. */
export function checkParamSelector(fn: string, what: string, selector: unknown): void {
  const ok = (p: unknown) => (typeof p === 'string' && p !== '') || p instanceof RegExp;
  if (Array.isArray(selector) ? selector.length > 0 && selector.every(ok) : ok(selector)) return;
  throw new TypeError(
    `${fn}: expected ${what} to be a parameter name, a pattern ('dense0.*'), a RegExp or a non-empty list of those, got ${describeValue(selector)}`,
  );
}

function matcher(pattern: ParamPattern): (name: string) => boolean {
  if (pattern instanceof RegExp) {
    // A copy without g/y: RegExp.test with those keeps lastIndex between names.
    const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (name) => re.test(name);
  }
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  return (name) => re.test(name);
}

/**
 * The names among `names` that `selector` matches, in `names`' order. Throws naming the entry
 * (and the nearest parameter name, for a plain name) when an entry matches none of them.
 */
export function selectParams(
  fn: string,
  what: string,
  selector: ParamSelector,
  names: readonly string[],
): string[] {
  checkParamSelector(fn, what, selector);
  const selected = new Set<string>();
  for (const pattern of entries(selector)) {
    const matches = names.filter(matcher(pattern));
    if (matches.length === 0) {
      const nearest = typeof pattern === 'string' ? nearestName(pattern, names) : undefined;
      throw new RangeError(
        `${fn}: expected ${what} ${describePattern(pattern)} to match a parameter${nearest ? ` (did you mean '${nearest}'?)` : ''}, got no match among ${names.join(', ')}`,
      );
    }
    for (const m of matches) selected.add(m);
  }
  return names.filter((n) => selected.has(n));
}

/** A deep copy of an options value with every RegExp as `{ regExp, flags }`, for JSON. */
export function storableSelectors<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      v instanceof RegExp ? ({ regExp: v.source, flags: v.flags } satisfies StoredRegExp) : v,
    ),
  );
}

/** Inverse of {@link storableSelectors}: `{ regExp, flags }` objects become RegExps again. */
export function revivedSelectors<T>(value: T): T {
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (
      typeof o.regExp === 'string' &&
      typeof o.flags === 'string' &&
      Object.keys(o).length === 2
    ) {
      return new RegExp(o.regExp, o.flags);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  };
  return revive(value) as T;
}
