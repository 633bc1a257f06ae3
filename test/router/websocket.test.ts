import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TransportError } from '../../src/errors.js';
import { Router, type WebSocketListener } from '../../src/router/index.js';
import { webSocketConnector } from '../../src/transports/websocket.js';
import { RawClient } from './raw-client.js';

describe('WebSocket listener', () => {
  let router: Router;
  let listener: WebSocketListener;
  beforeEach(async () => {
    router = new Router({ info: false });
    listener = await router.listenWebSocket();
  });
  afterEach(async () => {
    await router.close();
  });

  it('listens on loopback with an ephemeral port', () => {
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`ws://127.0.0.1:${listener.port}/ws`);
  });

  it('routes between JSON and MessagePack sessions over WebSocket', async () => {
    const connector = webSocketConnector({ url: listener.url });
    const j = await RawClient.join(connector, { serializer: 'json' });
    const m = await RawClient.join(connector, { serializer: 'msgpack' });
    const inProc = await RawClient.join(router.connector(), { serializer: 'cbor' });
    const bytes = new Uint8Array([0, 255, 128]);
    const sub = await m.subscribe('com.example.ws');
    await inProc.subscribe('com.example.ws');
    j.send([16, j.id(), {}, 'com.example.ws', ['hello', bytes], { n: 2 ** 40 }]);
    for (const c of [m, inProc]) {
      const e = await c.nextOf(36, sub);
      expect(e[4]).toEqual(['hello', bytes]);
      expect(e[5]).toEqual({ n: 2 ** 40 });
    }
    await j.register('com.example.echo');
    const req = m.id();
    m.send([48, req, {}, 'com.example.echo', [bytes]]);
    const inv = await j.nextOf(68);
    expect(inv[4]).toEqual([bytes]);
    j.send([70, inv[1], {}, inv[4]]);
    expect(await m.nextOf(50, req)).toEqual([50, req, {}, [bytes]]);
    expect(router.realm('realm1').sessionCount).toBe(3);
  });

  it('picks the first offered subprotocol the router speaks', async () => {
    const ws = new WebSocket(listener.url, ['wamp.2.ubjson', 'wamp.2.msgpack', 'wamp.2.json']);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(ws.protocol).toBe('wamp.2.msgpack');
    const closed = new Promise((r) => ws.once('close', r));
    ws.close();
    await closed;
  });

  it('refuses a handshake that offers no supported subprotocol', async () => {
    const connector = webSocketConnector({ url: listener.url });
    await expect(connector({ protocols: ['wamp.2.ubjson'], events: { message() {}, close() {} } })).rejects.toBeInstanceOf(TransportError);
    const ws = new WebSocket(listener.url);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('open', () => resolve(undefined));
      ws.once('error', () => resolve(-1));
    });
    expect(status).toBe(400);
    expect(router.connectionCount).toBe(0);
  });

  it('ABORTs a protocol violation over WebSocket and closes that connection only', async () => {
    const connector = webSocketConnector({ url: listener.url });
    const good = await RawClient.join(connector, { serializer: 'msgpack' });
    const bad = await RawClient.join(connector, { serializer: 'json' });
    bad.sendFrame('[not json');
    expect((await bad.nextOf(3))[2]).toBe('wamp.error.protocol_violation');
    await bad.closed;
    await good.sync();
    expect(good.isClosed).toBe(false);
  });

  it('close() says GOODBYE and stops listening', async () => {
    const c = await RawClient.join(webSocketConnector({ url: listener.url }));
    await router.close();
    expect((await c.nextOf(6))[2]).toBe('wamp.close.system_shutdown');
    await c.closed;
    const connector = webSocketConnector({ url: listener.url });
    await expect(connector({ protocols: ['wamp.2.json'], events: { message() {}, close() {} } })).rejects.toBeInstanceOf(TransportError);
  });

  it('a port already in use rejects listenWebSocket with EADDRINUSE (never an unhandled error event)', async () => {
    const a = new Router({ realms: ['realm1'] });
    const b = new Router({ realms: ['realm1'] });
    const first = await a.listenWebSocket({ host: '127.0.0.1', port: 0 });
    const err = await b.listenWebSocket({ host: '127.0.0.1', port: first.port }).catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    await first.close();
    await a.close();
    await b.close();
  });
});
