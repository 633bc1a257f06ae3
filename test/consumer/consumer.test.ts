/**
 * The package as a user gets it: `npm pack`, install the tarball into a scratch project outside
 * the repository, then (a) import every entry point from plain Node ESM and make calls end to
 * end, (b) type-check a TypeScript file against the installed package with `skipLibCheck: false`
 * under `moduleResolution` `bundler` and `node16`, (c) bundle a browser app that connects and
 * calls with esbuild for `platform: 'browser'`, Rollup and Vite, and print its gzipped size.
 *
 * Figures go to stdout and test-results/consumer.json.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./app/', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

/**
 * Gzipped size budget (bytes) of what a JSON connect+call browser app loads at start, with
 * esbuild, Rollup and Vite alike (issue 15: 20 KB). Loaded only when used: the MessagePack and
 * CBOR codecs, the Callee, Publisher and Subscriber with the offline queue and passthru packing,
 * the Meta API.
 */
const BROWSER_BUDGET_BYTES = 20 * 1024;

const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

let work: string;
let app: string;
const figures: Record<string, unknown> = {};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wampkit-consumer-'));
  app = join(work, 'app');
  mkdirSync(app);
  // `npm pack` runs the `prepare` build itself.
  const packOutput = npm(['pack', '--json', '--pack-destination', work], root);
  // The build's own lines come first; the JSON report starts at a line of its own.
  const [packed] = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: Array<{ path: string }>;
  }>;
  figures['tarball'] = { file: packed!.filename, files: packed!.entryCount, bytes: packed!.size, unpackedBytes: packed!.unpackedSize };
  figures['tarballFiles'] = packed!.files.map((f) => f.path);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2));
  for (const f of readdirSync(here)) copyFileSync(join(here, f), join(app, f));
  npm(['install', '--no-package-lock', join(work, packed!.filename), `@types/node@${rootPkg.devDependencies['@types/node']}`], app);
}, 240_000);

afterAll(() => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results/consumer.json'), JSON.stringify(figures, null, 2));
  console.log('consumer figures:', JSON.stringify({ ...figures, tarballFiles: undefined }, null, 2));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the build, the licence and readme, and no sources, tests or fixtures', () => {
    const files = figures['tarballFiles'] as string[];
    for (const f of ['package.json', 'LICENSE', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/node/index.js', 'dist/node/cli.js', 'dist/src/router/index.js', 'dist/src/rawsocket.js', 'dist/src/protocol/index.js', 'dist/browser/wampkit.js', 'dist/browser/wampkit.global.js']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|scripts|bench|examples)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^dist\/browser\/wampkit-(msgpack|cbor)-\w+\.js$/.test(f))).toHaveLength(2);
  });

  it('points unpkg/jsdelivr and the browser subpaths at files it ships', () => {
    const files = figures['tarballFiles'] as string[];
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/wampkit/package.json'), 'utf8')) as Record<string, unknown>;
    // The `browser` field's keys and values too (the standard-API WebSocket transport in place of Node's).
    const targets = [pkg['unpkg'], pkg['jsdelivr'], JSON.stringify(pkg['exports']), JSON.stringify(pkg['browser'])].join(' ').match(/\.\/dist\/[\w./-]+/g) ?? [];
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(files).toContain(t.slice(2));
  });

  it('has source maps that embed their sources (none points at a file it does not ship), in dist/src and dist/node', () => {
    const files = (figures['tarballFiles'] as string[]).filter((f) => f === 'dist/src/index.js.map' || /^dist\/node\/.*\.js\.map$/.test(f));
    let sources = 0;
    for (const file of files) {
      const map = JSON.parse(readFileSync(join(app, 'node_modules/wampkit', file), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      sources += map.sources.length;
      expect(map.sourcesContent?.length ?? 0, file).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0), file).toBe(true);
    }
    // The Node build's maps cover the sources of every module it bundles.
    expect(sources).toBeGreaterThan(80);
  });
});

describe('a consumer project', () => {
  it('imports wampkit, wampkit/protocol, wampkit/router and wampkit/rawsocket from plain Node ESM and calls end to end', () => {
    const out = execFileSync(process.execPath, ['node-app.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ sum: 5, refused: 'wamp.error.no_such_procedure', decode: 'function', sameClasses: true });
  });

  it("a Node app that imports wampkit loads no Ed25519 code of wampkit's own: Node's crypto signs for cryptosign", () => {
    const out = execFileSync(process.execPath, ['load-probe.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    const { importMs, files } = JSON.parse(out.trim().split('\n').at(-1)!) as { importMs: number; files: string[] };
    const own = files.filter((f) => f.startsWith('wampkit/'));
    figures['nodeImport'] = { ms: importMs, files: files.length, wampkitFiles: own.length };
    // Node takes the `node` export condition: the bundled build, a few files rather than dist/src's 47.
    expect(own).toContain('wampkit/dist/node/index.js');
    expect(own.filter((f) => !f.startsWith('wampkit/dist/node/'))).toEqual([]);
    expect(own.length).toBeLessThan(10);
    expect(files.filter((f) => f.startsWith('@noble/'))).toEqual([]);
  });

  it("Node's build of each entry point exports what dist/src/ does, and one object where dist/src/ has one for a name two entry points share", () => {
    const out = execFileSync(process.execPath, ['exports-probe.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    const { result, shared, mismatches } = JSON.parse(out.trim().split('\n').at(-1)!) as { result: Record<string, unknown>; shared: number; mismatches: string[] };
    for (const [entry, count] of Object.entries(result)) expect(typeof count, `${entry}: ${JSON.stringify(count)}`).toBe('number');
    expect(result['wampkit']).toBeGreaterThan(20);
    expect(shared).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });

  it('installs the wampkit bin: the router command serves, call and publish reach it', async () => {
    const bin = join(app, 'node_modules/.bin/wampkit');
    expect(execFileSync(bin, ['--help'], { encoding: 'utf8' })).toMatch(/usage: wampkit <command>/);
    const { spawn } = await import('node:child_process');
    const router = spawn(bin, ['router', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        router.stdout.on('data', (b: Buffer) => {
          text += b.toString();
          const m = /WebSocket: (\S+)/.exec(text);
          if (m) resolve(m[1]!);
        });
        router.once('exit', (code) => reject(new Error(`router exited ${code}`)));
      });
      const info = JSON.parse(execFileSync(bin, ['call', 'wampkit.router.info', '--json', '--url', url], { encoding: 'utf8' })) as { kwargs: { realms: string[] } };
      expect(info.kwargs.realms).toEqual(['realm1']);
      expect(execFileSync(bin, ['publish', 'com.example.t', '1', '--ack', '--url', url], { encoding: 'utf8' })).toMatch(/^published \d+/);
    } finally {
      router.kill('SIGINT');
    }
  });

  it.each([
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
  ])('type-checks against the installed package with moduleResolution %s and skipLibCheck false', (name, resolution) => {
    const config = {
      compilerOptions: { ...resolution, target: 'es2022', lib: ['es2022', 'dom'], strict: true, skipLibCheck: false, noEmit: true, types: ['node'] },
      files: ['app.ts'],
    };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: app, encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });

  it('bundles a browser app that connects and calls (esbuild, platform browser) within the size budget', async () => {
    const outdir = join(work, 'browser');
    const result = await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['browser-app.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      splitting: true,
      minify: true,
      target: 'es2022',
      outdir,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
    // What loads at start: the entry chunk and the chunks it imports statically.
    const start = new Set<string>([entry]);
    for (const file of start) for (const imp of outputs[file]!.imports) if (imp.kind === 'import-statement' && !imp.external) start.add(imp.path);
    const gz = (f: string): number => gzipSync(readFileSync(join(app, f)), { level: 9 }).length;
    const startBytes = [...start].reduce((n, f) => n + gz(f), 0);
    const all = Object.keys(outputs).filter((f) => f.endsWith('.js'));
    figures['browser'] = {
      startMinGzBytes: startBytes,
      allChunksMinGzBytes: all.reduce((n, f) => n + gz(f), 0),
      chunks: all.map((f) => ({ file: f.replace(/^.*\//, ''), minGzBytes: gz(f), atStart: start.has(f) })),
    };
    const nodeBuiltins = Object.keys(result.metafile.inputs).filter((f) => /^(node:|\(disabled\):)/.test(f));
    expect(nodeBuiltins).toEqual([]);
    // The package's `browser` field: the standard-API WebSocket transport, not Node's.
    const transports = Object.keys(result.metafile.inputs).filter((f) => /transports\/websocket-(node|browser)\.js$/.test(f));
    expect(transports.map((f) => f.replace(/^.*\//, ''))).toEqual(['websocket-browser.js']);
    expect(startBytes).toBeLessThan(BROWSER_BUDGET_BYTES);
  });

  it('Rollup and Vite bundle the same app within the same budget, codecs loaded only when offered', async () => {
    type Chunk = { type: 'chunk' | 'asset'; fileName: string; code?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
    const measure = (output: readonly Chunk[]) => {
      const chunks = output.filter((o) => o.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const start = new Set<string>([chunks.find((c) => c.isEntry)!.fileName]);
      for (const f of start) for (const imp of byName.get(f)!.imports ?? []) start.add(imp);
      const gz = (c: Chunk): number => gzipSync(c.code ?? '', { level: 9 }).length;
      const codecsAtStart = [...start].filter((f) => /msgpack|cbor/i.test(byName.get(f)!.code ?? '') && /decodeMulti|cborg|ExtensionCodec/.test(byName.get(f)!.code ?? ''));
      // Node's WebSocket transport (the only code that reads an upgrade's HTTP answer) left out.
      const nodeTransport = chunks.some((c) => (c.code ?? '').includes('unexpected-response'));
      return {
        startMinGzBytes: [...start].reduce((n, f) => n + gz(byName.get(f)!), 0),
        allChunksMinGzBytes: chunks.reduce((n, c) => n + gz(c), 0),
        chunks: chunks.map((c) => ({ file: c.fileName, minGzBytes: gz(c), atStart: start.has(c.fileName) })),
        codecsAtStart,
        nodeTransport,
      };
    };
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const terser = (await import('@rollup/plugin-terser')).default;
    const bundle = await rollup({
      input: join(app, 'browser-app.ts'),
      plugins: [nodeResolve({ browser: true, exportConditions: ['browser'], extensions: ['.mjs', '.js', '.ts'] }), terser()],
      onwarn: () => undefined,
    });
    const rolled = await bundle.generate({ format: 'es' });
    await bundle.close();
    const { build } = await import('vite');
    const built = (await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      build: { write: false, target: 'es2022', minify: 'esbuild', modulePreload: false, rollupOptions: { input: join(app, 'browser-app.ts') } },
    })) as { output: Chunk[] } | Array<{ output: Chunk[] }>;
    const viteOut = Array.isArray(built) ? built[0]!.output : built.output;
    figures['browserRollup'] = measure(rolled.output as unknown as Chunk[]);
    figures['browserVite'] = measure(viteOut);
    for (const key of ['browserRollup', 'browserVite'] as const) {
      const f = figures[key] as { startMinGzBytes: number; codecsAtStart: string[]; nodeTransport: boolean };
      console.log(`${key}: ${(f.startMinGzBytes / 1024).toFixed(1)} KB gz at start`);
      expect(f.codecsAtStart).toEqual([]);
      expect(f.nodeTransport).toBe(false);
      expect(f.startMinGzBytes).toBeLessThan(BROWSER_BUDGET_BYTES);
    }
  });
});
