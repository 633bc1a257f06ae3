/**
 * The static import graph of the TypeScript sources: what loading a module loads with it
 * (`import`/`export … from` that are not type-only; a dynamic `import()` is loaded later, on use,
 * and is not followed). `swaps` replaces source files the way the package's `browser` field
 * replaces their builds for bundlers.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The modules a source file loads with it: the source files reached and the packages imported. */
export function staticGraph(entry: string, swaps: ReadonlyMap<string, string> = new Map()): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    const path = swaps.get(file) ?? file;
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

/** The package's `browser` field as a map of source files (`dist/src/x.js` → `src/x.ts`). */
export function browserSwaps(root: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { browser?: Record<string, string> };
  const src = (p: string): string => resolve(root, p.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
  return new Map(Object.entries(pkg.browser ?? {}).map(([from, to]) => [src(from), src(to)]));
}
