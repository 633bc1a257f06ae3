// An esbuild plugin that does for builds from src/ what the package's `browser` field does for
// apps' bundlers: each module the field swaps for browsers (the standard-API WebSocket transport
// for Node's, `@noble/curves` Ed25519 for `node:crypto`'s) is taken in place of its Node
// counterpart. It reads the field itself, so a new swap needs no change here. Used by
// scripts/build.mjs and the browser tests.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** File name swapped → its browser counterpart, as sources (`websocket-node.js` → `websocket-browser.ts`). */
export const browserSwaps = new Map(Object.entries(pkg.browser ?? {}).map(([from, to]) => [basename(from), basename(to).replace(/\.js$/, '.ts')]));
const filter = new RegExp(`/(${[...browserSwaps.keys()].map((k) => k.replace(/[.]/g, '\\.')).join('|')})$`);

/** @type {import('esbuild').Plugin} */
export const browserField = {
  name: 'browser-field',
  setup(build) {
    // Our own modules only (a relative import): `@noble/curves/ed25519.js` is not ours to swap.
    build.onResolve({ filter }, (args) => (args.path.startsWith('.') ? { path: join(args.resolveDir, browserSwaps.get(basename(args.path))) } : undefined));
  },
};
