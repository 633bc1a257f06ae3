/**
 * The static import graph of the TypeScript sources: what loading a module loads with it
 * (`import`/`export … from` that are not type-only; a dynamic `import()` is loaded later, on use,
 * and is not followed). `swaps` replaces our own modules by file name, as the package's `browser`
 * field does for bundlers (scripts/esbuild-browser-field.mjs's `browserSwaps`).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** The modules a source file loads with it: the source files reached and the packages imported. */
export function staticGraph(entry: string, swaps: ReadonlyMap<string, string> = new Map()): { files: Set<string>; packages: Set<string> } {
  const swapped = (file: string): string => {
    const to = swaps.get(basename(file).replace(/\.ts$/, '.js'));
    return to ? resolve(dirname(file), to) : file;
  };
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    const path = swapped(file);
    if (files.has(path)) return;
    files.add(path);
    const source = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      if (m[2]) continue; // `import type` / `export type`: erased
      const specifier = m[4]!;
      if (specifier.startsWith('.')) visit(resolve(dirname(path), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(resolve(entry));
  return { files, packages };
}
