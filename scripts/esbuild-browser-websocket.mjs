// An esbuild plugin that does for builds from src/ what the package's `browser` field does for
// apps' bundlers: the standard-API WebSocket transport (websocket-browser) in place of the Node
// one (websocket-node). Used by scripts/build.mjs and the browser tests.
import { join } from 'node:path';

/** @type {import('esbuild').Plugin} */
export const browserWebSocket = {
  name: 'browser-websocket',
  setup(build) {
    build.onResolve({ filter: /\/websocket-node\.js$/ }, (args) => ({ path: join(args.resolveDir, 'websocket-browser.ts') }));
  },
};
