/**
 * A fake router for session unit tests: it answers HELLO as told and records what the session
 * sends, so tests can inject frames (also malformed ones) a real router would never send.
 * It responds to behaviour (HELLO → WELCOME), not to a scripted message cursor.
 */
import { JsonSerializer } from '../../../src/serializers/json.js';
import type { Frame } from '../../../src/serializers/serializer.js';
import { inProcessPair, type InProcessEnd } from '../../../src/transports/in-process.js';
import type { Connector } from '../../../src/transports/transport.js';

export interface FakeRouter {
  connector: Connector;
  /** Every message the session sent, decoded. */
  received: unknown[][];
  /** Resolves with the next message the session sends that satisfies `pred`. */
  next(pred?: (m: unknown[]) => boolean): Promise<unknown[]>;
  /** Sends a WAMP array to the session. */
  send(message: unknown[]): void;
  /** Sends a raw frame. */
  sendRaw(frame: Frame): void;
  /** Closes the transport from the router side. */
  drop(): void;
  /** Resolves when the session closes the transport. */
  closed: Promise<void>;
}

/** Dealer features a full-featured router announces. */
export const DEALER_FEATURES = { call_canceling: true, call_timeout: true, progressive_call_results: true, progressive_call_invocations: true };

export function fakeRouter(
  onHello: (hello: unknown[], r: FakeRouter) => void = (_h, r) => r.send([2, 1234, { roles: { broker: {}, dealer: { features: DEALER_FEATURES } } }]),
): FakeRouter {
  const json = new JsonSerializer();
  let server: InProcessEnd | undefined;
  const waiters: Array<{ pred: (m: unknown[]) => boolean; resolve: (m: unknown[]) => void }> = [];
  let closedResolve!: () => void;
  const r: FakeRouter = {
    received: [],
    closed: new Promise<void>((res) => (closedResolve = res)),
    connector: async ({ protocols, events }) => {
      if (!protocols.includes('wamp.2.json')) throw new Error('fake router speaks JSON only');
      const [client, srv] = inProcessPair('wamp.2.json');
      server = srv;
      srv.attach({
        message(frame) {
          const m = json.decode(frame) as unknown[];
          r.received.push(m);
          if (m[0] === 1) onHello(m, r);
          for (const w of [...waiters]) {
            if (w.pred(m)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(m);
            }
          }
        },
        close() {
          closedResolve();
        },
      });
      client.attach(events);
      return client;
    },
    next(pred = () => true) {
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    send(message) {
      server?.send(json.encode(message));
    },
    sendRaw(frame) {
      server?.send(frame);
    },
    drop() {
      server?.close();
    },
  };
  return r;
}
