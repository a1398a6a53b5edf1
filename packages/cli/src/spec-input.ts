import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PolicySpec } from '@cyclr/core';
import { describeValue } from './describe.js';
import { inputError, oneLine } from './errors.js';

/**
 * Reads the `<spec>` argument: inline JSON (`'{"policy": "triangular", ...}'`), a path to a
 * JSON file, or `-` for standard input. The result is checked by core's `fromSpec`, which
 * names the policy and parameter when it is wrong; here only the JSON itself is checked.
 */
export function readSpec(argument: string, cwd: string = process.cwd()): PolicySpec {
  return readJsonObject(argument, cwd).value as PolicySpec;
}

/** A JSON object read from an argument, and where it came from (for messages). */
export interface JsonInput {
  readonly value: Record<string, unknown>;
  /** `<spec>`, `standard input` or the path as given. */
  readonly source: string;
}

/**
 * Reads a JSON object from inline JSON, a path to a JSON file, or `-` for standard input: a
 * policy spec, or a saved range-test result (`cyclr find --save`).
 */
export function readJsonObject(argument: string, cwd: string = process.cwd()): JsonInput {
  const trimmed = argument.trim();
  let text: string;
  let source: string;
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    text = trimmed;
    source = '<spec>';
  } else if (trimmed === '-') {
    text = readText(0, 'standard input');
    source = 'standard input';
  } else if (trimmed === '') {
    throw inputError('expected <spec> to be inline JSON or a path to a JSON file, got ""');
  } else {
    text = readText(resolve(cwd, trimmed), trimmed);
    source = trimmed;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw inputError(
      `expected ${source} to be valid JSON: ${oneLine((error as Error).message)}${jsonHint(text)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw inputError(
      `expected ${source} to be a JSON object like {"policy": "triangular", ...}, got ${describeJson(value)}`,
    );
  }
  return { value: value as Record<string, unknown>, source };
}

/**
 * What the parser's message leaves the user to guess: JSON allows no trailing comma, no single
 * quotes and no comments, all of which JavaScript object literals (and the docs people copy
 * from) have.
 */
function jsonHint(text: string): string {
  if (/,\s*[}\]]/.test(text)) {
    return ' (a trailing comma before } or ]: JSON allows none, remove it)';
  }
  if (/'[^']*'\s*:/.test(text) || /:\s*'/.test(text)) {
    return ' (single quotes: JSON strings and keys take double quotes)';
  }
  if (/[{,]\s*[A-Za-z_$][\w$]*\s*:/.test(text)) {
    return ' (an unquoted key: JSON keys take double quotes, {"policy": ...})';
  }
  if (/\/\/|\/\*/.test(text)) return ' (a comment: JSON allows none)';
  return '';
}

function readText(file: string | number, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : oneLine((error as Error).message);
    throw inputError(
      `expected <spec> to be inline JSON or a path to a JSON file, got ${describeValue(shown)} (${reason})`,
    );
  }
}

function describeJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
