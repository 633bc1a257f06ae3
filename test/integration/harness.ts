/**
 * Runs the integration suite over every transport × serializer against the embedded router.
 */
import { Router } from '../../src/router/index.js';
import { connect, type ConnectOptions } from '../../src/index.js';
import type { Session } from '../../src/session/session.js';
import type { SerializerName } from '../../src/serializers/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';

/** One way to reach the embedded router. */
export interface Variant {
  readonly name: string;
  readonly transport: 'websocket' | 'rawsocket' | 'in-process';
  readonly serializer: SerializerName;
}

export const VARIANTS: readonly Variant[] = (['websocket', 'rawsocket', 'in-process'] as const).flatMap((transport) =>
  (['json', 'msgpack', 'cbor'] as const).map((serializer) => ({ name: `${transport}/${serializer}`, transport, serializer })),
);

/** A router with a WebSocket listener on loopback, and a way to open sessions on it. */
export interface Fixture {
  readonly router: Router;
  readonly url: string;
  open(extra?: Partial<ConnectOptions>): Promise<Session>;
  stop(): Promise<void>;
}

export async function startFixture(variant: Variant): Promise<Fixture> {
  const router = new Router({ realms: ['realm1'] });
  const listener = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
  const raw = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });
  const sessions: Session[] = [];
  return {
    router,
    url: listener.url,
    async open(extra = {}) {
      const base = { realm: 'realm1', serializers: [variant.serializer], ...extra } as const;
      const s = await connect(
        (variant.transport === 'websocket'
          ? { ...base, url: listener.url }
          : variant.transport === 'rawsocket'
            ? { ...base, transport: rawSocketConnector({ url: raw.url }) }
            : { ...base, transport: router.connector() }) as ConnectOptions,
      );
      sessions.push(s);
      return s;
    },
    async stop() {
      await Promise.allSettled(sessions.map((s) => s.close()));
      await listener.close();
      await raw.close();
      await router.close();
    },
  };
}

/** A promise with its resolve function, for awaiting events without sleeps. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
