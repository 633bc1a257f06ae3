/**
 * The router's bounds (RouterOptions.limits), each at its limit: a connection that never finishes
 * its handshake is dropped, connections per address are capped, HELLO is small, and failed
 * authentications from one address are throttled.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, ticketAuth } from '../../src/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';
import { Router, staticAuthenticator, type RouterOptions } from '../../src/router/index.js';

let router: Router | undefined;
afterEach(() => router?.close());

async function start(options: RouterOptions): Promise<{ ws: string; rs: string }> {
  router = new Router({ realms: ['realm1'], ...options });
  const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
  const rs = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });
  return { ws: ws.url, rs: rs.url };
}

const closedWithin = (ms: number, closed: Promise<unknown>): Promise<boolean> =>
  Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('router limits', () => {
  it('a WebSocket that never says HELLO is closed after handshakeTimeoutMs', async () => {
    const { ws } = await start({ limits: { handshakeTimeoutMs: 200 } });
    const sock = new WebSocket(ws, ['wamp.2.json']);
    const closed = new Promise((r) => sock.on('close', r));
    expect(await closedWithin(5_000, closed)).toBe(true);
  });

  it('a TCP client that never sends its HTTP upgrade, or its RawSocket handshake, is dropped', async () => {
    const { ws, rs } = await start({ limits: { handshakeTimeoutMs: 200 } });
    const dropped = await Promise.all(
      [ws, rs].map((url) => {
        const { port } = new URL(url.replace(/^(ws|tcp):/, 'http:'));
        const s: Socket = netConnect({ host: '127.0.0.1', port: Number(port) });
        s.on('error', () => undefined);
        s.resume(); // a paused socket would never report the router's close
        return closedWithin(8_000, new Promise((r) => s.on('close', r))).then((ok) => `${url.slice(0, 3)} ${ok}`);
      }),
    );
    expect(dropped).toEqual(['ws: true', 'tcp true']);
  }, 15_000);

  it('connections per address are capped: the next WebSocket gets HTTP 503, the next RawSocket is closed', async () => {
    const { ws, rs } = await start({ limits: { maxConnectionsPerAddress: 2 } });
    const a = await connect({ url: ws, realm: 'realm1' });
    const b = await connect({ transport: rawSocketConnector({ url: rs }), realm: 'realm1' });
    await expect(connect({ url: ws, realm: 'realm1' })).rejects.toThrow(/503.*connection limit/);
    await expect(connect({ transport: rawSocketConnector({ url: rs }), realm: 'realm1' })).rejects.toThrow();
    await a.close();
    // Room again once the router has seen the close.
    let c = await connect({ url: ws, realm: 'realm1' }).catch(() => undefined);
    for (let i = 0; i < 100 && !c; i++) c = await connect({ url: ws, realm: 'realm1' }).catch(() => undefined);
    if (!c) throw new Error('no room after a connection closed');
    await Promise.all([b.close(), c.close()]);
  });

  it('a HELLO larger than maxMessageBytesBeforeWelcome is ABORTed', async () => {
    const { ws } = await start({ limits: { maxMessageBytesBeforeWelcome: 1024 } });
    const err = await connect({ url: ws, realm: 'realm1', agent: 'x'.repeat(4096) }).catch((e: unknown) => e);
    // Refused by the WebSocket layer before it is buffered: close 1009 (message too big).
    expect(err).toMatchObject({ name: 'TransportError' });
    expect(String((err as Error).message)).toMatch(/1009/);
  });

  it('failed authentications from one address are throttled: then even the right ticket is refused', async () => {
    const { ws } = await start({
      authenticate: staticAuthenticator({ ticket: { joe: { ticket: 'right', role: 'user' } } }),
      limits: { maxAuthFailuresPerAddress: 3 },
    });
    for (let i = 0; i < 3; i++) {
      await expect(connect({ url: ws, realm: 'realm1', auth: ticketAuth('joe', 'wrong') })).rejects.toMatchObject({ name: 'AuthenticationError' });
    }
    const err = await connect({ url: ws, realm: 'realm1', auth: ticketAuth('joe', 'right') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AuthenticationError' });
    expect(String((err as Error).message)).toMatch(/too many failed authentications/);
  });
});

describe('router limits per session and for retention', () => {
  it('calls in flight per session are capped (wampkit.error.limit_exceeded), and counted down as they finish', async () => {
    await start({ limits: { maxOutstandingCalls: 2 } });
    const callee = await connect({ transport: router!.connector(), realm: 'realm1' });
    const release: Array<() => void> = [];
    await callee.register('com.example.wait', () => new Promise<string>((r) => release.push(() => r('done'))));
    const caller = await connect({ transport: router!.connector(), realm: 'realm1' });
    const a = caller.call('com.example.wait');
    const b = caller.call('com.example.wait');
    await expect(caller.call('com.example.wait')).rejects.toMatchObject({ uri: 'wampkit.error.limit_exceeded' });
    while (release.length < 2) await new Promise((r) => setTimeout(r, 5));
    release.forEach((r) => r());
    await Promise.all([a, b]);
    const c = caller.call('com.example.wait');
    while (release.length < 3) await new Promise((r) => setTimeout(r, 5));
    release[2]!();
    expect((await c).args).toEqual(['done']);
  });

  it('retained events are bounded in count and bytes (oldest dropped first)', async () => {
    await start({ limits: { maxRetainedEvents: 3, maxRetainedBytes: 4096 } });
    const pub = await connect({ transport: router!.connector(), realm: 'realm1' });
    for (let i = 0; i < 10; i++) await pub.publish(`com.example.r${i}`, [i], {}, { retain: true, acknowledge: true });
    expect(router!.realm('realm1').broker.retainedStats.events).toBe(3);
    await pub.publish('com.example.big', ['x'.repeat(3000)], {}, { retain: true, acknowledge: true });
    expect(router!.realm('realm1').broker.retainedStats.bytes).toBeLessThanOrEqual(4096);
    const sub = await connect({ transport: router!.connector(), realm: 'realm1' });
    const got: unknown[] = [];
    await sub.subscribe('com.example.r0', (a) => void got.push(a[0]), { get_retained: true });
    await sub.subscribe('com.example.r9', (a) => void got.push(a[0]), { get_retained: true });
    await sub.call('wampkit.router.info');
    expect(got).toEqual([9]); // r0 was dropped long ago
  });

  it('a session that stops reading is disconnected past maxSendBufferBytes, and the router says so', async () => {
    const { ws } = await start({ limits: { maxSendBufferBytes: 256 * 1024 }, adminRoles: ['anonymous'] });
    const watcher = await connect({ transport: router!.connector(), realm: 'realm1' });
    const slow: unknown[] = [];
    const noticed = new Promise((r) => void watcher.subscribe('wampkit.router.on_slow_consumer', (a) => r(a[0])));
    // A raw WebSocket subscriber that never reads: its socket is paused.
    const sock = new WebSocket(ws, ['wamp.2.json']);
    await new Promise((r) => sock.on('open', r));
    sock.send(JSON.stringify([1, 'realm1', { roles: { subscriber: {} } }]));
    await new Promise((r) => sock.once('message', r));
    sock.send(JSON.stringify([32, 1, {}, 'com.example.flood']));
    await new Promise((r) => sock.once('message', r));
    (sock as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise((r) => sock.on('close', r));
    const pub = await connect({ transport: router!.connector(), realm: 'realm1' });
    const body = 'x'.repeat(4096);
    for (let i = 0; i < 2000 && slow.length === 0; i++) {
      await pub.publish('com.example.flood', [body], {}, { acknowledge: true });
    }
    expect(await noticed).toMatchObject({ authrole: 'anonymous' });
    (sock as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
  });
});

describe('big frames before WELCOME', () => {
  it('a 4 MiB "HELLO" is refused by the transport before it is read whole (WebSocket 1009, RawSocket closed); after WELCOME the full limit applies', async () => {
    const { ws, rs } = await start({ limits: { maxMessageBytesBeforeWelcome: 64 * 1024 } });
    const big = JSON.stringify([1, 'realm1', { roles: { caller: {} }, pad: 'x'.repeat(4 * 1024 * 1024) }]);
    const sock = new WebSocket(ws, ['wamp.2.json']);
    await new Promise((r) => sock.on('open', r));
    const code = new Promise<number>((r) => sock.on('close', (c) => r(c)));
    sock.send(big);
    expect(await code).toBe(1009);
    const raw = netConnect({ host: '127.0.0.1', port: Number(new URL(rs.replace('tcp:', 'http:')).port) });
    raw.on('error', () => undefined);
    raw.resume(); // read (and drop) the handshake answer, so the router's close is seen
    const rawClosed = new Promise((r) => raw.on('close', r));
    raw.write(Uint8Array.of(0x7f, 0xf1, 0, 0));
    const body = Buffer.from(big);
    raw.write(Buffer.concat([Buffer.from([0, (body.length >>> 16) & 0xff, (body.length >>> 8) & 0xff, body.length & 0xff]), body.subarray(0, 1024)]));
    expect(await closedWithin(10_000, rawClosed)).toBe(true);
    // Once welcomed, a 1 MiB call goes through.
    const s = await connect({ url: ws, realm: 'realm1' });
    await s.register('com.example.len', (a) => (a[0] as string).length);
    expect((await s.call('com.example.len', ['y'.repeat(1024 * 1024)])).args).toEqual([1024 * 1024]);
    await s.close();
  }, 20_000);
});

describe('router heartbeats', () => {
  it('a client that stops answering (no frames, no pongs) is dropped after heartbeatTimeoutMs; a live one stays', async () => {
    const { ws } = await start({ limits: { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 } });
    const live = await connect({ url: ws, realm: 'realm1', heartbeat: false });
    const sock = new WebSocket(ws, ['wamp.2.json'], { autoPong: false });
    await new Promise((r) => sock.on('open', r));
    sock.send(JSON.stringify([1, 'realm1', { roles: { caller: {} } }]));
    await new Promise((r) => sock.once('message', r));
    expect(router!.realm('realm1').sessionCount).toBe(2);
    const closed = new Promise((r) => sock.on('close', r));
    expect(await closedWithin(5_000, closed)).toBe(true); // it never answered a ping
    expect(router!.realm('realm1').sessionCount).toBe(1);
    expect(live.status.type).toBe('established'); // ws answers pings by itself
    await live.close();
  }, 15_000);

  it('a frozen client (it stopped reading: no pong, no closing handshake) is dropped at once, over WebSocket and RawSocket', async () => {
    const { ws, rs } = await start({ limits: { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 } });
    const hello = JSON.stringify([1, 'realm1', { roles: { caller: {} } }]);
    // WebSocket: WELCOME, then the client's socket stops being read.
    const sock = new WebSocket(ws, ['wamp.2.json']);
    await new Promise((r) => sock.on('open', r));
    sock.send(hello);
    await new Promise((r) => sock.once('message', r));
    (sock as unknown as { _socket: Socket })._socket.pause();
    // RawSocket: handshake (JSON, 16 MiB), HELLO, WELCOME, then the same.
    const { port } = new URL(rs.replace(/^tcp:/, 'http:'));
    const raw = netConnect({ host: '127.0.0.1', port: Number(port) });
    raw.on('error', () => undefined);
    await new Promise((r) => raw.once('connect', r));
    raw.write(Uint8Array.of(0x7f, 0xf1, 0, 0));
    const payload = Buffer.from(hello);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(payload.length);
    await new Promise((r) => raw.once('data', r)); // the handshake reply
    raw.write(Buffer.concat([header, payload]));
    await new Promise((r) => raw.once('data', r)); // WELCOME
    raw.pause();
    expect(router!.realm('realm1').sessionCount).toBe(2);
    // Both are gone from the router, sockets included, well before a closing handshake could time out (30 s).
    const deadline = Date.now() + 5_000;
    while (router!.connectionCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(router!.connectionCount).toBe(0);
    expect(router!.realm('realm1').sessionCount).toBe(0);
    sock.terminate();
    raw.destroy();
  }, 15_000);
});
