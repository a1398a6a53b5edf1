import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));

/**
 * Writes a snippet the page exported under `test-output/` (so its imports resolve from this
 * app's dependencies) and type-checks it strictly; returns the file and the diagnostics.
 */
export function typecheckSnippet(name: string, code: string): { file: string; errors: string[] } {
  mkdirSync(outputDir, { recursive: true });
  const file = `${outputDir}${name}.ts`;
  writeFileSync(file, code);
  const program = ts.createProgram([file], {
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['@cyclr/source'],
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || diagnostic.file.fileName === file)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  return { file, errors };
}
