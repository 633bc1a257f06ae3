import type { Plugin } from 'esbuild';

/** What the package's `browser` field swaps (the WebSocket transport, Ed25519), for builds from src/. */
export declare const browserField: Plugin;
/** What the `browser` field swaps, by file name: `websocket-node.js` → `websocket-browser.ts`. */
export declare const browserSwaps: ReadonlyMap<string, string>;
