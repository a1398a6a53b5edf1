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

/**
 * Imports the packages `cyclr find` needs. They are optional peer dependencies, so that users
 * of `values`/`plot`/`policies` never download onnxruntime; a missing one becomes one line
 * saying what to install.
 */
export async function loadFindModules(
  importers: {
    readonly onnxruntime: () => Promise<FindModules['onnxruntime']>;
    readonly rangefinder: () => Promise<FindModules['rangefinder']>;
    readonly datasets: () => Promise<FindModules['datasets']>;
  } = {
    onnxruntime: () => import('@cyclr/onnxruntime'),
    rangefinder: () => import('@cyclr/rangefinder'),
    datasets: () => import('@cyclr/datasets'),
  },
): Promise<FindModules> {
  try {
    const [onnxruntime, rangefinder, datasets] = await Promise.all([
      importers.onnxruntime(),
      importers.rangefinder(),
      importers.datasets(),
    ]);
    return { onnxruntime, rangefinder, datasets };
  } catch (error) {
    const missing = missingPackage(error);
    if (missing === undefined) throw error;
    throw inputError(
      `cyclr find needs the optional package ${missing}; install it with: npm install ${findPackages.join(' ')}`,
    );
  }
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
