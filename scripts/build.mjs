#!/usr/bin/env node
// npm run build (also run by `prepare`, so `npm pack`, `npm publish` and installs from git ship
// a fresh dist/): the ES modules and .d.ts files from tsc, with source maps that embed their
// sources (the tarball ships no src/).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

// Browser builds for pages without a bundler (dist/browser/): one self-contained ES module whose
// MessagePack and CBOR codecs are separate files loaded only when a session offers them, and an
// IIFE for a classic <script> tag that defines `window.wampkit` (codecs included). Minified, with
// source maps; their gzipped sizes are printed and written to dist/browser/sizes.json.
const esbuild = await import('esbuild');
const { browserField } = await import('./esbuild-browser-field.mjs');

// The Node build (dist/node/, what the package's `node` export condition and its bin give):
// scripts/node-build.mjs.
const { buildNode } = await import('./node-build.mjs');
await buildNode(esbuild, root, join(root, 'dist/node'));
const { gzipSync } = await import('node:zlib');
const { readFileSync, writeFileSync } = await import('node:fs');
const browser = join(root, 'dist/browser');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  // What the package's `browser` field does for apps' bundlers: the standard-API WebSocket
  // transport in place of the Node one, `@noble/curves` Ed25519 in place of `node:crypto`'s.
  plugins: [browserField],
};
const esm = await esbuild.build({
  ...common,
  entryPoints: { wampkit: 'src/index.ts' },
  format: 'esm',
  splitting: true,
  outdir: browser,
  chunkNames: 'wampkit-[name]-[hash]',
});
const iife = await esbuild.build({
  ...common,
  entryPoints: { 'wampkit.global': 'src/index.ts' },
  format: 'iife',
  globalName: 'wampkit',
  outdir: browser,
});
const sizes = {};
for (const out of [esm, iife]) {
  for (const file of Object.keys(out.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(join(root, file));
    sizes[file.replace(/^dist\/browser\//, '')] = { minBytes: bytes.length, minGzBytes: gzipSync(bytes, { level: 9 }).length };
  }
}
writeFileSync(join(browser, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const [file, s] of Object.entries(sizes)) {
  console.log(`dist/browser/${file}: ${(s.minBytes / 1024).toFixed(1)} KB min, ${(s.minGzBytes / 1024).toFixed(1)} KB min+gz`);
}
