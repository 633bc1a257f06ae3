/**
 * `wampkit router`: the embedded router on loopback (or the host given), with its realms,
 * principals, permissions and limits from a JSON or YAML file, until Ctrl-C.
 *
 * Config file (every key optional):
 * ```yaml
 * host: 127.0.0.1
 * port: 8080              # WebSocket, path /ws
 * rawsocketPort: 8081     # RawSocket, when given
 * realms: [realm1]
 * principals:             # static authentication (ticket, wampcra, cryptosign, anonymousRole)
 *   ticket: { ops: { ticket: s3cret, role: admin } }
 *   anonymousRole: anonymous
 * permissions: { … }      # RouterOptions.permissions
 * adminRoles: [admin]
 * allowedOrigins: ['https://app.example']
 * eventHistory: [{ uri: home.log, match: prefix, limit: 100 }]
 * limits: { maxConnections: 1000 }
 * ```
 * @internal
 * @module
 */
import { readFileSync } from 'node:fs';
import { Router, staticAuthenticator } from '../router/index.js';
import { CliUsageError } from './args.js';
import type { CliIo } from './commands.js';
import { checkRouterConfig, type RouterConfig } from './config.js';

export type { RouterConfig } from './config.js';

/** Reads a config file (`.yaml`/`.yml` as YAML, anything else as JSON). @throws {@link CliUsageError} */
export async function readRouterConfig(file: string): Promise<RouterConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliUsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (e) {
    throw new CliUsageError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
  const checked = checkRouterConfig(data);
  if (!checked.ok) throw new CliUsageError(`${file} is not a router config:\n  ${checked.problems.join('\n  ')}`);
  return checked.config;
}

/** Runs the router until interrupted; resolves with the exit code. */
export async function routerCommand(io: CliIo, config: RouterConfig): Promise<number> {
  const router = new Router({
    realms: config.realms ?? ['realm1'],
    ...(config.principals ? { authenticate: staticAuthenticator(config.principals) } : {}),
    ...(config.permissions ? { permissions: config.permissions } : {}),
    ...(config.adminRoles ? { adminRoles: config.adminRoles } : {}),
    ...(config.eventHistory ? { eventHistory: config.eventHistory } : {}),
    ...(config.limits ? { limits: config.limits } : {}),
    logger: (level, message) => {
      if (level !== 'debug') io.err(`[${level}] ${message}\n`);
    },
  });
  const host = config.host ?? '127.0.0.1';
  try {
    const ws = await router.listenWebSocket({
      host,
      port: config.port ?? 8080,
      path: config.path ?? '/ws',
      ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    });
    io.out(io.json ? JSON.stringify({ websocket: ws.url }) : `WebSocket: ${ws.url}`);
    if (config.rawsocketPort !== undefined) {
      const raw = await router.listenRawSocket({ host, port: config.rawsocketPort });
      io.out(io.json ? JSON.stringify({ rawsocket: raw.url }) : `RawSocket: ${raw.url}`);
    }
  } catch (e) {
    await router.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliUsageError(`port in use: ${err.message} (give another with --port)`);
    throw e;
  }
  io.err(`realms: ${router.realms.join(', ')}; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    if (io.interrupt.aborted) return resolve();
    io.interrupt.addEventListener('abort', () => resolve(), { once: true });
  });
  await router.close();
  return 0;
}
