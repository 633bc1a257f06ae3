import type { Plugin } from 'esbuild';

/** What the package's `browser` field swaps (the WebSocket transport, Ed25519), for builds from src/. */
export declare const browserField: Plugin;
