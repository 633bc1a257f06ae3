/**
 * The routers the conformance suite runs against: the embedded router (in this process) and the
 * real Crossbar.io and Nexus routers started by scripts/start-router.sh (on loopback ports given
 * by the config files under test/routers).
 */
import { readFileSync } from 'node:fs';
import { Router, staticAuthenticator, type RouterOptions } from '../../src/router/index.js';
import { cryptosignPublicKey } from '../../src/index.js';
import type { SerializerName } from '../../src/serializers/index.js';

/** Transports the suite runs over. */
export type TransportName = 'websocket' | 'rawsocket';

/** One router the suite runs against. */
export interface RouterTarget {
  readonly name: 'embedded' | 'crossbar' | 'nexus';
  /** URLs per transport (filled in by `start`). */
  urls: Partial<Record<TransportName, string>>;
  readonly serializers: readonly SerializerName[];
  /** Behaviour the router lacks although WELCOME does not say so (feature → why). */
  readonly gaps: Readonly<Record<string, string>>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** WebSocket URL of a listener with the test principals (test/routers/README.md), if any. */
  authUrl?: string;
  /** Takes the router away and brings it back (a restart of the process, for real routers). */
  restart?: () => Promise<void>;
  /** Revokes a registration from the router side, where the router offers a way. */
  revoke?: (registrationId: number, calleeSessionId: number, reason: string) => Promise<void>;
}

/** The test principals, as test/routers/README.md lists them (the same on every router). */
export const PRINCIPALS = {
  ticket: { authid: 'ticketuser', ticket: 'ticket-secret' },
  wampcra: { authid: 'crauser', secret: 'cra-secret' },
  wampcraSalted: { authid: 'crasalted', secret: 'cra-secret', salt: 'salt123', iterations: 1000, keylen: 32 },
  cryptosign: {
    authid: 'cryptouser',
    seed: readFileSync(new URL('../routers/keys/cryptouser.seed.hex', import.meta.url), 'utf8').trim(),
  },
} as const;

/**
 * The embedded router as the conformance suite runs it: configured like the Crossbar.io node in
 * test/routers/crossbar (every role may do everything, meta API included), so that the same cases
 * run on all three routers. The defaults themselves (wamp.* admin-only) are tested in test/router.
 */
const CONFORMANCE_ROUTER: RouterOptions = {
  realms: ['realm1'],
  permissions: { anonymous: [{ uri: '', match: 'prefix', allow: { call: true, register: true, publish: true, subscribe: true } }] },
  eventHistory: [{ uri: 'wampkit.history', match: 'prefix', limit: 1000 }],
};

export function embeddedTarget(): RouterTarget {
  let router: Router | undefined;
  const closers: Array<() => Promise<void>> = [];
  const target: RouterTarget = {
    name: 'embedded',
    urls: {},
    serializers: ['json', 'msgpack', 'cbor'],
    gaps: {},
    async start() {
      router = new Router(CONFORMANCE_ROUTER);
      const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
      const raw = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });
      // A second router with the test principals, as Crossbar.io's authenticated listener has them.
      const authRouter = new Router({
        realms: ['realm1'],
        authenticate: staticAuthenticator({
          ticket: { [PRINCIPALS.ticket.authid]: { ticket: PRINCIPALS.ticket.ticket, role: 'user' } },
          wampcra: {
            [PRINCIPALS.wampcra.authid]: { secret: PRINCIPALS.wampcra.secret, role: 'user' },
            [PRINCIPALS.wampcraSalted.authid]: { ...PRINCIPALS.wampcraSalted, role: 'user' },
          },
          cryptosign: { [PRINCIPALS.cryptosign.authid]: { authorizedKeys: [cryptosignPublicKey(PRINCIPALS.cryptosign.seed)], role: 'user' } },
        }),
      });
      const authWs = await authRouter.listenWebSocket({ host: '127.0.0.1', port: 0 });
      closers.push(ws.close, raw.close, authWs.close, () => authRouter.close());
      target.urls = { websocket: ws.url, rawsocket: raw.url };
      target.authUrl = authWs.url;
    },
    async stop() {
      for (const c of closers) await c();
      await router?.close();
    },
    async restart() {
      // Shut the router down (GOODBYE system_shutdown to every session), start a new one on the same ports.
      const ports = { ws: Number(new URL(target.urls.websocket!).port), raw: Number(new URL(target.urls.rawsocket!).port) };
      await router?.close();
      router = new Router(CONFORMANCE_ROUTER);
      const ws = await router.listenWebSocket({ host: '127.0.0.1', port: ports.ws });
      const raw = await router.listenRawSocket({ host: '127.0.0.1', port: ports.raw });
      closers.push(ws.close, raw.close);
    },
    async revoke(registrationId, calleeSessionId, reason) {
      if (!router?.realm('realm1').revokeRegistration(registrationId, reason, calleeSessionId)) throw new Error(`no registration ${registrationId}`);
    },
  };
  return target;
}
