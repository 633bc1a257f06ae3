/**
 * Heartbeats end to end: a router that freezes after WELCOME (it stops reading and answering,
 * as a SIGSTOPped process or a network that silently drops everything) is noticed within the
 * heartbeat bound; the in-flight call settles with the reason, and the reconnect policy takes
 * over. A live router that answers pings (WebSocket ping/pong, RawSocket PING/PONG, or a WAMP
 * round trip in-process) is never declared gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connect, SessionClosedError, type Session } from '../../src/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';
import { Router } from '../../src/router/index.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A router that WELCOMEs and then freezes: it stops reading its socket (no pong, no answers). */
async function freezingRouter(): Promise<{ url: string; hellos: () => number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'wamp.2.json' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let hellos = 0;
  wss.on('connection', (ws: WebSocket) => {
    ws.once('message', () => {
      hellos++;
      ws.send(JSON.stringify([2, 1000 + hellos, { roles: { dealer: {}, broker: {} } }]));
      (ws as unknown as { _socket: { pause(): void } })._socket.pause(); // frozen
    });
  });
  cleanups.push(() => new Promise<void>((r) => {
    for (const c of wss.clients) c.terminate();
    wss.close(() => r());
  }));
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws`, hellos: () => hellos };
}

describe('heartbeats', () => {
  it('a frozen router: the in-flight call settles with "no heartbeat for N ms" well inside the bound', async () => {
    const router = await freezingRouter();
    const s = await connect({ url: router.url, realm: 'realm1', serializers: ['json'], heartbeat: { intervalMs: 50, timeoutMs: 300 } });
    const started = Date.now();
    const err = await s.call('com.example.anything').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionClosedError);
    expect((err as SessionClosedError).reason).toMatch(/^no heartbeat for \d+ ms$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await s.closed()).toMatchObject({ type: 'closed', kind: 'transport' });
  });

  it('with a reconnect policy, the frozen router is left and a new connection attempted', async () => {
    const router = await freezingRouter();
    const s = await connect({
      url: router.url, realm: 'realm1', serializers: ['json'], heartbeat: { intervalMs: 50, timeoutMs: 200 },
      reconnect: { initialDelayMs: 10, jitter: 0, maxRetries: 5 },
    });
    cleanups.push(() => void s.close());
    const seen: string[] = [];
    const reconnecting = new Promise<void>((resolve) => s.onStatus((st) => {
      seen.push(st.type);
      if (st.type === 'reconnecting') resolve();
    }));
    await reconnecting;
    while (router.hellos() < 2) await new Promise((r) => setTimeout(r, 10));
    expect(router.hellos()).toBeGreaterThanOrEqual(2);
  });

  it.each(['websocket', 'rawsocket', 'rawsocket-ping', 'in-process'] as const)('a live router answering over %s is never declared gone', async (how) => {
    const router = new Router({ realms: ['realm1'] });
    cleanups.push(() => router.close());
    const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
    const rs = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });
    const heartbeat = { intervalMs: 20, timeoutMs: 150 };
    const s: Session =
      how === 'websocket'
        ? await connect({ url: ws.url, realm: 'realm1', heartbeat })
        : how === 'rawsocket' || how === 'rawsocket-ping'
          ? await connect({ transport: rawSocketConnector({ url: rs.url, ping: how === 'rawsocket-ping' }), realm: 'realm1', heartbeat })
          : await connect({ transport: router.connector(), realm: 'realm1', heartbeat });
    await new Promise((r) => setTimeout(r, 600)); // many intervals of silence from the app
    expect(s.status.type).toBe('established');
    await s.close();
  });

  it('a RawSocket session probes with PING only when asked (ping: true); else with the WAMP round trip', async () => {
    const router = new Router({ realms: ['realm1'], limits: { heartbeatIntervalMs: 0 } });
    cleanups.push(() => router.close());
    const rs = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });
    const noop = { message: () => undefined, close: () => undefined };
    const plain = await rawSocketConnector({ url: rs.url })({ protocols: ['wamp.2.json'], events: noop });
    const pinging = await rawSocketConnector({ url: rs.url, ping: true })({ protocols: ['wamp.2.json'], events: noop });
    expect(plain.ping).toBeUndefined();
    expect(typeof pinging.ping).toBe('function');
    expect(plain.endpoint).toBe(rs.url);
    plain.close();
    pinging.close();
  });
});
