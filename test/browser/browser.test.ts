/**
 * The browser bundle of wampkit in a real headless Chromium (Debian's /usr/bin/chromium, driven
 * by playwright-core), talking to the embedded router over WebSocket on loopback.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { Router, staticAuthenticator } from '../../src/router/index.js';
import { WebSocketServer, type WebSocket as NodeWebSocket } from 'ws';
import { browserField } from '../../scripts/esbuild-browser-field.mjs';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let server: Server;
let pageUrl: string;
let router: Router;
let wsUrl: string;
let closeListener: () => Promise<void>;
let bundle: string;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'wampkit-browser-'));
  await build({
    entryPoints: [new URL('./page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outfile: join(out, 'page.js'),
    logLevel: 'silent',
    // As apps' bundlers do (the package's `browser` field): the standard-API WebSocket transport, noble Ed25519.
    plugins: [browserField],
  });
  bundle = readFileSync(join(out, 'page.js'), 'utf8');
  server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  pageUrl = `http://127.0.0.1:${addr.port}/`;
  router = new Router({ realms: ['realm1'] });
  const listener = await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
  wsUrl = listener.url;
  closeListener = listener.close;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await closeListener?.();
  await router?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/**
 * Opens the page, waits for `name` (a function test/browser/page.ts puts on `globalThis`), calls
 * it with `args`, and gives its result with the page errors seen meanwhile.
 */
async function runInPage(name: string, args: readonly string[]): Promise<{ result: Record<string, unknown>; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pageUrl);
  await page.waitForFunction((n) => n in globalThis, name);
  const result = await page.evaluate(
    ([n, a]) => (globalThis as unknown as Record<string, (...x: string[]) => Promise<Record<string, unknown>>>)[n]!(...a),
    [name, [...args]] as const,
  );
  await page.close();
  return { result, errors };
}

describe('wampkit in headless Chromium', () => {
  it('the browser bundle has no Node built-ins', () => {
    expect(bundle).not.toMatch(/node:(net|fs|http|crypto)|require\(["'](net|fs|ws)["']\)/);
    const gz = gzipSync(bundle).length;
    console.log(`browser bundle (page + wampkit, minified): ${bundle.length} B, ${gz} B gzipped`);
  });

  it.each(['json', 'msgpack', 'cbor'] as const)('calls, errors, binary, progressive results and events work over %s', async (serializer) => {
    const { result: r, errors } = await runInPage('wampkitScenario', [wsUrl, serializer]);
    expect(errors).toEqual([]);
    expect(r).toEqual({
      protocol: `wamp.2.${serializer}`,
      sum: [5],
      sumKwargs: { from: 'browser' },
      errorUri: 'com.browser.error',
      errorArgs: ['nope'],
      errorKwargs: { code: 7 },
      bytes: [3, 2, 1],
      chunks: [3, 2, 1, 'liftoff'],
      eventArgs: ['hello from a browser', { n: 1 }],
      status: 'closed',
    });
  });

  it("cryptosign signs with noble's Ed25519 in the page, and the router (verifying with Node's OpenSSL) lets it in", async () => {
    const seed = randomBytes(32).toString('hex');
    // The public key as OpenSSL derives it, independently of wampkit's code.
    const der = createPublicKey(createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${seed}`, 'hex'), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    const pubkey = der.subarray(-32).toString('hex');
    const authRouter = new Router({ realms: ['realm1'], authenticate: staticAuthenticator({ cryptosign: { browser: { authorizedKeys: [pubkey], role: 'user' } } }) });
    const listener = await authRouter.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
    try {
      const { result: r, errors } = await runInPage('wampkitCryptosign', [listener.url, seed, randomBytes(32).toString('hex')]);
      expect(errors).toEqual([]);
      expect(r).toEqual({ pubkey, authid: 'browser', authmethod: 'cryptosign', authrole: 'user', refused: 'AuthenticationError' });
    } finally {
      await listener.close();
      await authRouter.close();
    }
  });

  it('heartbeats work without a ping API: an idle session stays up, a frozen router is noticed', async () => {
    // A router that WELCOMEs and then stops reading its socket (no answers, no close).
    const frozen = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'wamp.2.json' });
    await new Promise<void>((r) => frozen.once('listening', () => r()));
    frozen.on('connection', (ws: NodeWebSocket) => {
      ws.once('message', () => {
        ws.send(JSON.stringify([2, 1, { roles: { dealer: {}, broker: {} } }]));
        (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      });
    });
    const frozenUrl = `ws://127.0.0.1:${(frozen.address() as { port: number }).port}/ws`;
    const { result: r, errors } = await runInPage('wampkitHeartbeat', [wsUrl, frozenUrl]);
    for (const c of frozen.clients) c.terminate();
    await new Promise<void>((res) => frozen.close(() => res()));
    expect(errors).toEqual([]);
    expect(r).toEqual({
      liveStatus: 'established',
      liveSeen: [],
      error: 'SessionClosedError',
      cause: 'no heartbeat for N ms',
      settledWithinMs: true,
    });
  });
});
