// The Node build (dist/node/, what the package's `node` export condition and its bin give): the
// modules bundled, with what loads on use split out, because Node's ESM loader pays per file
// (~0.5 ms each: `import 'wampkit'` from dist/src/ loads 47 of them).
//
// - `index.js` (the main entry) and `extras.js` (every other entry point's exports, renamed
//   `router$Router` and so on) are built together, so the code they share sits in one chunk:
//   `import 'wampkit'` loads 3 files (test/consumer counts them), and each class exists once
//   whichever entry points an app imports (test/consumer checks `instanceof` across them).
// - `router.js`, `protocol.js`, `rawsocket.js`, `testing.js` and `v1.js` re-export their names
//   from `extras.js` (live bindings), the names each entry point of dist/src/ has (test/consumer
//   compares them).
// - `cli.js`, the bin, is an application: built on its own.
//
// Not minified: stack traces stay readable, and the source maps embed the sources. Bundlers for
// browsers keep dist/src/ (whose files the `browser` field swaps), and the types stay there too.
// Used by scripts/build.mjs and by the interop suite's CLI test (the CLI as the package ships it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The entry points besides the main one: output name → source. */
export const NODE_SUBPATHS = {
  protocol: 'src/protocol/index.ts',
  router: 'src/router/index.ts',
  rawsocket: 'src/rawsocket.ts',
  testing: 'src/testing/index.ts',
  v1: 'src/v1/index.ts',
};

const COMMON = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' };

/**
 * Builds the Node entry points into `outdir`.
 * @param {typeof import('esbuild')} esbuild
 * @param {string} root - the repository.
 * @param {string} outdir
 */
export async function buildNode(esbuild, root, outdir) {
  // The names each entry point exports (esbuild's metafile lists them).
  const probe = await esbuild.build({
    ...COMMON,
    absWorkingDir: root,
    entryPoints: NODE_SUBPATHS,
    splitting: true,
    outdir,
    write: false,
    metafile: true,
  });
  const names = {};
  for (const out of Object.values(probe.metafile.outputs)) {
    const name = Object.entries(NODE_SUBPATHS).find(([, src]) => src === out.entryPoint)?.[0];
    if (name) names[name] = out.exports;
  }
  const extras = Object.entries(NODE_SUBPATHS)
    .map(([name, src]) => `export { ${names[name].map((n) => `${n} as ${name}$${n}`).join(', ')} } from ${JSON.stringify(join(root, src))};`)
    .join('\n');
  await esbuild.build({
    ...COMMON,
    absWorkingDir: root,
    entryPoints: { index: join(root, 'src/index.ts'), extras: 'wampkit:extras' },
    splitting: true,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    plugins: [
      {
        name: 'extras',
        setup(build) {
          build.onResolve({ filter: /^wampkit:extras$/ }, () => ({ path: 'extras', namespace: 'wampkit' }));
          build.onLoad({ filter: /.*/, namespace: 'wampkit' }, () => ({ contents: extras, loader: 'js', resolveDir: root }));
        },
      },
    ],
  });
  mkdirSync(outdir, { recursive: true });
  for (const [name, exported] of Object.entries(names)) {
    const list = exported.map((n) => `${name}$${n} as ${n}`).join(', ');
    writeFileSync(join(outdir, `${name}.js`), `// wampkit/${name} (scripts/node-build.mjs)\nexport { ${list} } from './extras.js';\n`);
  }
  await esbuild.build({
    ...COMMON,
    absWorkingDir: root,
    entryPoints: { cli: join(root, 'src/cli/main.ts') },
    splitting: true,
    outdir,
    chunkNames: 'cli-chunks/[name]-[hash]',
    sourcemap: true,
  });
}
