/**
 * The smart-home demo: the embedded router on loopback, the devices as named sessions in this
 * process (in-process transport), and a dashboard page served over HTTP that talks WAMP over
 * WebSocket from the browser. Run it with `npm run demo:smart-home` and open the printed URL.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Router } from 'wampkit/router';
import { startDevices } from './devices.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A running demo. */
export interface SmartHome {
  readonly url: string;
  stop(): Promise<void>;
}

const page = (wsPort: number): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>wampkit smart home</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 2rem; max-width: 40rem; }
  section { border: 1px solid #ccc; border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
  .on { color: #b58900; font-weight: bold; } .off { color: #888; }
  progress { width: 100%; } pre { background: #f6f6f6; padding: .5rem; height: 8rem; overflow: auto; }
</style></head>
<body><div id="app" data-ws-port="${wsPort}">
  <h1>Smart home</h1><p>Router: <span id="status">connecting…</span></p>
  <section><h2>Lamps</h2>
    <p>Kitchen: <span id="lamp-kitchen">?</span> <button id="toggle-kitchen">Toggle</button></p>
    <p>Hall: <span id="lamp-hall">?</span> <button id="toggle-hall">Toggle</button></p></section>
  <section><h2>Thermostat</h2><p>Temperature: <span id="temperature">?</span></p></section>
  <section><h2>Firmware</h2><progress id="progress" max="100" value="0"></progress>
    <p><button id="update">Update firmware</button> <button id="cancel" disabled>Cancel</button> <span id="update-status"></span></p></section>
  <pre id="log"></pre>
</div><script type="module" src="/dashboard.js"></script></body></html>`;

/** Starts the demo on loopback (`port` 0 picks free ports). */
export async function startSmartHome(options: { port?: number; thermostatMs?: number } = {}): Promise<SmartHome> {
  const router = new Router({ realms: ['home'] });
  const ws = await router.listenWebSocket({ host: '127.0.0.1', port: options.port ? options.port + 1 : 0, path: '/ws' });
  const devices = await startDevices(() => router.connector(), { thermostatMs: options.thermostatMs });
  const bundle = await build({
    entryPoints: [`${here}dashboard.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    alias: { wampkit: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.contents;
  const server: Server = createServer((req, res) => {
    if (req.url === '/dashboard.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(ws.port));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await devices.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ws.close();
      await router.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const home = await startSmartHome({ port: Number(process.env['PORT'] ?? 8080) });
  console.log(`smart home dashboard: ${home.url} (Ctrl-C to stop)`);
  const stop = async (): Promise<void> => {
    await home.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
