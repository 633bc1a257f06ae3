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
    for (const url of [ws, rs]) {
      const { port } = new URL(url.replace(/^(ws|tcp):/, 'http:'));
      const s: Socket = netConnect({ host: '127.0.0.1', port: Number(port) });
      s.on('error', () => undefined);
      const closed = new Promise((r) => s.on('close', r));
      expect(await closedWithin(5_000, closed)).toBe(true);
    }
  });

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
    expect(err).toMatchObject({ name: 'SessionAbortedError', reason: 'wamp.error.payload_size_exceeded' });
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
