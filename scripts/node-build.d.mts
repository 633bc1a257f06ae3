/** The entry points besides the main one: output name → source. */
export declare const NODE_SUBPATHS: Readonly<Record<string, string>>;
/** Builds the Node entry points (bundled, what loads on use split out) into `outdir`. */
export declare function buildNode(esbuild: typeof import('esbuild'), root: string, outdir: string): Promise<void>;
