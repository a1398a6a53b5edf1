import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputError } from '../errors.js';

/** The optional peer dependencies `cyclr find` runs on. */
export interface FindModules {
  readonly onnxruntime: typeof import('@cyclr/onnxruntime');
  readonly rangefinder: typeof import('@cyclr/rangefinder');
  readonly datasets: typeof import('@cyclr/datasets');
}

/** What to install for `cyclr find`; onnxruntime-node is the peer of @cyclr/onnxruntime. */
export const findPackages = [
  '@cyclr/onnxruntime',
  'onnxruntime-node',
  '@cyclr/rangefinder',
  '@cyclr/datasets',
] as const;

/** Imports one optional package as the CLI itself would: next to the CLI's own files. */
export type Importers = {
  readonly [key in keyof FindModules]: () => Promise<FindModules[key]>;
};

const packageOf = {
  onnxruntime: '@cyclr/onnxruntime',
  rangefinder: '@cyclr/rangefinder',
  datasets: '@cyclr/datasets',
} as const satisfies Record<keyof FindModules, string>;

const besideCli: Importers = {
  onnxruntime: () => import('@cyclr/onnxruntime'),
  rangefinder: () => import('@cyclr/rangefinder'),
  datasets: () => import('@cyclr/datasets'),
};

/** The CLI's package directory (`.../node_modules/@cyclr/cli`), for messages. */
const cliDirectory = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * Imports the packages `cyclr find` needs. They are optional peer dependencies, so that users
 * of `values`/`plot`/`policies` never download onnxruntime. Each is looked for next to the CLI
 * and then in the project of the working directory `cwd` (its node_modules and its parents'):
 * a globally installed CLI (`npm install -g @cyclr/cli`) then uses the packages the user
 * installed in the project. A missing one becomes one line saying where it looked and what to
 * install.
 */
export async function loadFindModules(
  cwd: string,
  importers: Importers = besideCli,
): Promise<FindModules> {
  const load = <K extends keyof FindModules>(key: K) =>
    importOptional(packageOf[key], importers[key], cwd) as Promise<FindModules[K]>;
  const [onnxruntime, rangefinder, datasets] = await Promise.all([
    load('onnxruntime'),
    load('rangefinder'),
    load('datasets'),
  ]);
  return { onnxruntime, rangefinder, datasets };
}

async function importOptional(
  name: string,
  importBesideCli: () => Promise<unknown>,
  cwd: string,
): Promise<unknown> {
  try {
    return await importBesideCli();
  } catch (error) {
    if (missingPackage(error) !== name) throw missingError(error, cwd);
  }
  let resolved: string;
  try {
    // The package's `default` export condition is its ESM entry; require.resolve finds it.
    resolved = createRequire(join(cwd, 'package.json')).resolve(name);
  } catch (error) {
    if (missingPackage(error) !== name) throw error;
    throw inputError(
      `cyclr find needs the optional package ${name}; looked next to the CLI (${cliDirectory}) and in the project of ${cwd} (node_modules there and in its parent directories); install it in your project with: npm install ${findPackages.join(' ')}`,
    );
  }
  try {
    return await import(pathToFileURL(resolved).href);
  } catch (error) {
    throw missingError(error, cwd);
  }
}

/** A package missing inside one that was found (onnxruntime-node under @cyclr/onnxruntime). */
function missingError(error: unknown, cwd: string): unknown {
  const missing = missingPackage(error);
  if (missing === undefined) return error;
  const importer = /imported from (\S+)/.exec(String((error as Error).message))?.[1];
  return inputError(
    `cyclr find needs the optional package ${missing}${importer === undefined ? '' : ` (imported by ${importer})`}; install it in the project of ${cwd} with: npm install ${findPackages.join(' ')}`,
  );
}

/** The package named by a "Cannot find package 'x'" / "Cannot find module 'x'" error. */
function missingPackage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(
    String((error as Error).message),
  )?.[1];
  if (name === undefined) return 'for cyclr find';
  if (!/^[@a-z0-9]/i.test(name)) return name; // a file path: a broken install, say which file
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? name);
}
