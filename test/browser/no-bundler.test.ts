/**
 * The browser builds for pages without a bundler (dist/browser/, made by `npm run build`): plain
 * static HTML pages from examples/no-bundler, served as files with no build step, load the
 * self-contained ES module and the script-tag global in Debian's headless Chromium, connect to
 * the embedded router, call, subscribe and receive an event. The ES module page must load only
 * the codec it uses (JSON: no MessagePack or CBOR chunk is fetched).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../src/router/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist/browser');
const pages = join(root, 'examples/no-bundler');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };

let browser: Browser;
let server: Server;
let base: string;
let router: Router;
let wsUrl: string;
const served: string[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'pipe' });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = [join(pages, path), join(dist, path)].find((f) => (f.startsWith(pages) || f.startsWith(dist)) && existsSync(f) && extname(f) !== '');
    served.push(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${addr.port}/`;
  router = new Router({ realms: ['realm1'] });
  wsUrl = (await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' })).url;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await router?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

async function run(page: string): Promise<{ result: Record<string, unknown>; errors: string[]; text: string }> {
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(`${base}${page}?url=${encodeURIComponent(wsUrl)}`);
  await tab.waitForFunction(() => document.body.dataset['done'] !== undefined, undefined, { timeout: 30_000 });
  const result = JSON.parse((await tab.evaluate(() => document.body.dataset['done']))!) as Record<string, unknown>;
  const text = await tab.evaluate(() => document.body.innerText);
  await tab.close();
  return { result, errors, text };
}

describe('no bundler: the browser builds from a plain HTML page', () => {
  it('the ES module build connects, calls, subscribes and receives an event, loading no codec chunk for JSON', async () => {
    served.length = 0;
    const { result, errors, text } = await run('esm.html');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: 5, event: 'hello from a page', protocol: 'wamp.2.json' });
    expect(text).toContain('2 + 3 = 5');
    expect(served).toContain('wampkit.js');
    expect(served.filter((f) => /msgpack|cbor/.test(f))).toEqual([]);
  });

  it('the script-tag global build runs a MessagePack session with binary payloads', async () => {
    const { result, errors, text } = await run('global.html');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: 5, event: [1, 2, 3], isBytes: true, protocol: 'wamp.2.msgpack' });
    expect(text).toContain('Event: bytes 1,2,3');
  });

  it('the builds are minified, have source maps, and the build printed their sizes', () => {
    const sizes = JSON.parse(readFileSync(join(dist, 'sizes.json'), 'utf8')) as Record<string, { minGzBytes: number; entry: boolean }>;
    expect(Object.keys(sizes)).toEqual(expect.arrayContaining(['wampkit.js', 'wampkit.global.js']));
    expect(Object.keys(sizes).filter((f) => /msgpack/.test(f))).toHaveLength(1);
    expect(Object.keys(sizes).filter((f) => /cbor/.test(f))).toHaveLength(1);
    for (const f of Object.keys(sizes)) expect(existsSync(join(dist, `${f}.map`))).toBe(true);
    expect(readFileSync(join(dist, 'wampkit.js'), 'utf8')).not.toMatch(/node:(net|fs|http|crypto)|from ?"ws"/);
  });
});
