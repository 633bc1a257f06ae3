import type { Plugin } from 'esbuild';

/** The standard-API WebSocket transport in place of the Node one, for builds from src/. */
export declare const browserWebSocket: Plugin;
