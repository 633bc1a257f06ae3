/**
 * One contract for every transport (CONVENTIONS.md 11, as MQTT.js runs one abstract client over
 * TCP, TLS and WebSocket): WebSocket, RawSocket (plain and TLS) and in-process each open with the
 * agreed subprotocol, carry frames both ways in order, close from either side with both sides told
 * once, deliver a large burst whole and in order, and report a server that goes away as an
 * unclean close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../src/serializers/serializer.js';
import { inProcessPair } from '../../../src/transports/in-process.js';
import { rawSocketConnector } from '../../../src/transports/rawsocket.js';
import type { Connector, Transport, TransportCloseInfo, TransportEvents } from '../../../src/transports/transport.js';
import { webSocketConnector } from '../../../src/transports/websocket.js';
import { listenRawSocket } from '../../../src/router/rawsocket-listener.js';
import { listenWebSocket, type WebSocketListenerHost } from '../../../src/router/ws-listener.js';
import { makeTestPki, type TestPki } from '../../helpers/tls.js';

/** One side of a connected pair, with what it received. */
interface Side {
  readonly transport: Transport;
  readonly frames: Frame[];
  readonly closed: Promise<TransportCloseInfo>;
  closes: number;
  /** Resolves once `n` frames have arrived. */
  received(n: number): Promise<void>;
}

interface Pair {
  readonly client: Side;
  readonly server: Side;
}

function recorder(): { events: TransportEvents; side: (t: Transport) => Side } {
  const frames: Frame[] = [];
  let waiters: Array<{ n: number; resolve: () => void }> = [];
  let resolveClosed!: (i: TransportCloseInfo) => void;
  const closed = new Promise<TransportCloseInfo>((r) => (resolveClosed = r));
  const state = { closes: 0 };
  const events: TransportEvents = {
    message: (f) => {
      frames.push(f);
      waiters = waiters.filter((w) => (frames.length >= w.n ? (w.resolve(), false) : true));
    },
    close: (info) => {
      state.closes++;
      resolveClosed(info);
    },
  };
  return {
    events,
    side: (transport) => ({
      transport,
      frames,
      closed,
      get closes() {
        return state.closes;
      },
      set closes(v: number) {
        state.closes = v;
      },
      received: (n) => (frames.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    }),
  };
}

/** A server endpoint of the router's listener kind, handing accepted transports to the test. */
async function serverEndpoint(
  listen: (host: WebSocketListenerHost) => Promise<{ url: string; close(): Promise<void> }>,
  protocol: string,
): Promise<{ url: string; next(): Promise<Side>; close(): Promise<void> }> {
  const accepted: Side[] = [];
  let wake: (() => void) | undefined;
  const host: WebSocketListenerHost = {
    protocols: [protocol],
    maxMessageBytes: 16 * 1024 * 1024,
    accept(transport, listen) {
      const rec = recorder();
      listen(rec.events);
      accepted.push(rec.side(transport));
      wake?.();
    },
  };
  const l = await listen(host);
  return {
    url: l.url,
    next: async () => {
      while (accepted.length === 0) await new Promise<void>((r) => (wake = r));
      return accepted.shift()!;
    },
    close: () => l.close(),
  };
}

const PROTOCOL = 'wamp.2.json';

interface Kind {
  readonly name: string;
  connect(): Promise<Pair>;
  stop(): Promise<void>;
}

function viaConnector(name: string, start: () => Promise<{ endpoint: Awaited<ReturnType<typeof serverEndpoint>>; connector: Connector }>): Kind {
  let running: Awaited<ReturnType<typeof start>> | undefined;
  return {
    name,
    async connect() {
      running ??= await start();
      const rec = recorder();
      const t = await running.connector({ protocols: [PROTOCOL], events: rec.events });
      return { client: rec.side(t), server: await running.endpoint.next() };
    },
    stop: async () => running?.endpoint.close(),
  };
}

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.dispose());

const KINDS: Kind[] = [
  viaConnector('WebSocket', async () => {
    const endpoint = await serverEndpoint((h) => listenWebSocket(h, { port: 0 }), PROTOCOL);
    return { endpoint, connector: webSocketConnector({ url: endpoint.url }) };
  }),
  viaConnector('WebSocket over TLS', async () => {
    const endpoint = await serverEndpoint((h) => listenWebSocket(h, { port: 0, tls: { key: pki.key, cert: pki.cert } }), PROTOCOL);
    return { endpoint, connector: webSocketConnector({ url: endpoint.url, tls: { ca: pki.ca } }) };
  }),
  viaConnector('RawSocket', async () => {
    const endpoint = await serverEndpoint((h) => listenRawSocket(h, { port: 0 }), PROTOCOL);
    return { endpoint, connector: rawSocketConnector({ url: endpoint.url }) };
  }),
  viaConnector('RawSocket over TLS', async () => {
    const endpoint = await serverEndpoint((h) => listenRawSocket(h, { port: 0, tls: { key: pki.key, cert: pki.cert } }), PROTOCOL);
    return { endpoint, connector: rawSocketConnector({ url: endpoint.url, tls: { ca: pki.ca } }) };
  }),
  {
    name: 'in-process',
    async connect() {
      const [a, b] = inProcessPair(PROTOCOL);
      const ra = recorder();
      const rb = recorder();
      a.attach(ra.events);
      b.attach(rb.events);
      return { client: ra.side(a), server: rb.side(b) };
    },
    stop: async () => undefined,
  },
];

const text = (f: Frame): string => (typeof f === 'string' ? f : new TextDecoder().decode(f));

describe.each(KINDS)('transport contract: $name', (kind) => {
  afterAll(() => kind.stop());

  it('opens with the agreed subprotocol', async () => {
    const { client, server } = await kind.connect();
    expect(client.transport.protocol).toBe(PROTOCOL);
    expect(server.transport.protocol).toBe(PROTOCOL);
    client.transport.close();
    await server.closed;
  });

  it('carries frames both ways, in order', async () => {
    const { client, server } = await kind.connect();
    for (let i = 0; i < 20; i++) client.transport.send(`[${i}]`);
    await server.received(20);
    expect(server.frames.map(text)).toEqual(Array.from({ length: 20 }, (_, i) => `[${i}]`));
    server.transport.send('["back"]');
    await client.received(1);
    expect(text(client.frames[0]!)).toBe('["back"]');
    client.transport.close();
    await server.closed;
  });

  it.each(['client', 'server'] as const)('a close from the %s: both sides are told, once, and nothing is delivered after', async (who) => {
    const pair = await kind.connect();
    const closer = pair[who];
    const other = pair[who === 'client' ? 'server' : 'client'];
    closer.transport.close(1000, 'done');
    const [a, b] = await Promise.all([closer.closed, other.closed]);
    expect(typeof a.reason).toBe('string');
    expect(typeof b.reason).toBe('string');
    closer.transport.close(); // idempotent
    closer.transport.send('["late"]'); // dropped, no throw
    await new Promise((r) => setTimeout(r, 20));
    expect(closer.closes).toBe(1);
    expect(other.closes).toBe(1);
    expect(other.frames).toEqual([]);
  });

  it('delivers a burst of 2000 frames (2 MB) whole and in order', async () => {
    const { client, server } = await kind.connect();
    const body = 'x'.repeat(1000);
    for (let i = 0; i < 2000; i++) client.transport.send(`[${i},"${body}"]`);
    await server.received(2000);
    expect(server.frames.every((f, i) => text(f).startsWith(`[${i},`))).toBe(true);
    client.transport.close();
    await server.closed;
  });

  it('the server going away (the error case) closes the client, unclean, with a reason', async () => {
    const { client, server } = await kind.connect();
    if (kind.name === 'in-process') server.transport.close(1011, 'gone');
    else await kind.stop();
    const info = await client.closed;
    expect(info.reason.length).toBeGreaterThan(0);
    if (kind.name !== 'in-process') expect(info.wasClean).toBe(false);
    expect(client.closes).toBe(1);
  });
});
