/**
 * The smart-home demo: one HTTP port on loopback serves the dashboard page, the WAMP WebSocket
 * endpoint (`/ws`, the embedded router attached to the same server) and the device statuses
 * (`/devices`, server-sent events). The devices are named sessions in this process, over
 * WebSocket, each with its own serializer. Run it with `npm run demo:smart-home`.
 *
 * Environment: `PORT` (default 8080), `WAMP_URL` and `WAMP_REALM` to use another router (Crossbar.io,
 * Nexus, …) instead of the embedded one.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { browserField } from '../../scripts/esbuild-browser-field.mjs';
import { ticketAuth } from 'wampkit';
import { Router, staticAuthenticator, type PermissionTable, type WebSocketListener } from 'wampkit/router';
import { DEVICES, startDevices, type Devices } from './devices.js';
import { page } from './page.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Options of {@link startSmartHome}. */
export interface SmartHomeOptions {
  /** HTTP port on 127.0.0.1; 0 picks a free one (default 0). */
  readonly port?: number;
  /** The thermostat's reporting period in ms (default 1000). */
  readonly thermostatMs?: number;
  /** Use this router instead of the embedded one (e.g. `ws://127.0.0.1:8080/ws`). */
  readonly wampUrl?: string;
  /** The realm (default `home`). */
  readonly realm?: string;
}

/** A running demo. */
export interface SmartHome {
  /** The dashboard's URL. */
  readonly url: string;
  /** The devices. */
  readonly devices: Devices;
  /** Stops the embedded router (a router outage, as the dashboard and devices see it). */
  stopRouter(): Promise<void>;
  /** Starts the embedded router again on the same port. */
  startRouter(): Promise<void>;
  stop(): Promise<void>;
}

/** The port is taken: a message for people, no stack. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use (is the demo running already?). Start it on another port: PORT=${port + 1} npm run demo:smart-home`);
  }
}

/**
 * Who may do what on the embedded router: devices register and publish under `home.`; the
 * dashboard calls and subscribes there, and may watch sessions join and leave (the meta API is
 * closed by default: this table grants the dashboard those URIs, nothing more).
 */
export const PERMISSIONS: PermissionTable = {
  device: [{ uri: 'home.', match: 'prefix', allow: { call: true, register: true, publish: true, subscribe: true } }],
  dashboard: [
    { uri: 'home.', match: 'prefix', allow: { call: true, subscribe: true } },
    { uri: 'wamp.session.on_join', allow: { subscribe: true } },
    { uri: 'wamp.session.on_leave', allow: { subscribe: true } },
    { uri: 'wamp.session.list', allow: { call: true } },
    { uri: 'wamp.session.get', allow: { call: true } },
  ],
};

/** Dashboards that may follow the device statuses at once (one `/devices` stream each). */
const MAX_STATUS_CLIENTS = 32;

async function bundleDashboard(): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [`${here}dashboard.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    alias: { wampkit: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
    // What the package's `browser` field gives an app's bundler: the standard-API WebSocket
    // transport and `@noble/curves` Ed25519 in place of Node's.
    plugins: [browserField],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.contents;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Starts the demo on loopback.
 * @throws {@link PortInUseError} when the port is taken.
 */
export async function startSmartHome(options: SmartHomeOptions = {}): Promise<SmartHome> {
  const realm = options.realm ?? 'home';
  const external = options.wampUrl !== undefined;
  // Fresh secrets for each run: the devices and the page (served on loopback) get theirs.
  const tickets = Object.fromEntries([...Object.keys(DEVICES), 'dashboard'].map((n) => [n, randomBytes(12).toString('hex')]));
  const principals = Object.fromEntries(Object.entries(tickets).map(([n, ticket]) => [n, { ticket, role: n === 'dashboard' ? 'dashboard' : 'device' }]));
  const js = await bundleDashboard();
  const statusClients = new Set<ServerResponse>();
  let devices: Devices | undefined;
  const sendStatuses = (res: ServerResponse): void => void res.write(`data: ${JSON.stringify(devices?.statuses() ?? [])}\n\n`);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/dashboard.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else if (path === '/devices' && statusClients.size >= MAX_STATUS_CLIENTS) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('too many dashboards open\n');
    } else if (path === '/devices') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      statusClients.add(res);
      sendStatuses(res);
      req.once('close', () => statusClients.delete(res));
    } else if (path === '/') {
      const config = external
        ? { url: options.wampUrl!, realm }
        : { url: '', realm, authid: 'dashboard', ticket: tickets['dashboard']! };
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(config));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  const port = await listen(server, options.port ?? 0);

  let router: Router | undefined;
  let ws: WebSocketListener | undefined;
  const startRouter = async (): Promise<void> => {
    if (external || router) return;
    router = new Router({ realms: [realm], authenticate: staticAuthenticator({ ticket: principals }), permissions: PERMISSIONS });
    ws = await router.listenWebSocket({ server, path: '/ws' });
  };
  const stopRouter = async (): Promise<void> => {
    const r = router;
    router = undefined;
    // GOODBYE wamp.close.system_shutdown to everyone (they reconnect), then the listener closes.
    await r?.close();
    await ws?.close();
  };
  await startRouter();

  try {
    devices = await startDevices(
      {
        url: options.wampUrl ?? `ws://127.0.0.1:${port}/ws`,
        realm,
        auth: (name) => (external ? undefined : ticketAuth(name, tickets[name]!)),
      },
      { thermostatMs: options.thermostatMs },
    );
  } catch (error) {
    await stopRouter();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  devices.onChange(() => statusClients.forEach(sendStatuses));

  return {
    url: `http://127.0.0.1:${port}/`,
    devices,
    stopRouter,
    startRouter,
    async stop() {
      await devices?.stop();
      for (const res of statusClients) res.end();
      await stopRouter();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs the demo from the command line. */
async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`smart home: PORT must be a port number (0-65535), not ${JSON.stringify(process.env['PORT'])}`);
    process.exit(2);
  }
  let home: SmartHome;
  try {
    home = await startSmartHome({ port, wampUrl: process.env['WAMP_URL'], realm: process.env['WAMP_REALM'] });
  } catch (error) {
    const message = error instanceof PortInUseError ? error.message : `could not start: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`smart home: ${message}`);
    process.exit(1);
  }
  console.log(`smart home dashboard: ${home.url} (router: ${process.env['WAMP_URL'] ?? 'embedded, same port /ws'}; Ctrl-C to stop)`);
  const stop = async (): Promise<void> => {
    await home.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
