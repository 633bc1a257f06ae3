/**
 * connect() never hangs: a server that accepts TCP but never completes the WebSocket handshake,
 * and a WebSocket server that never answers HELLO, both fail the attempt with a TransportError
 * after `connectTimeoutMs`; an AbortSignal gives up at once. Each leaves nothing open.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { connect, TransportError } from '../../src/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A TCP server that accepts and then says nothing; counts open sockets. */
async function silentTcp(): Promise<{ url: string; open: () => number }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.resume(); // read (and drop) the upgrade request, so the client's close is seen
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  }));
  const port = (server.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/ws`, open: () => sockets.size };
}

/** A WebSocket server that completes the handshake (wamp.2.json) and never answers HELLO. */
async function silentRouter(): Promise<{ url: string; hellos: () => number; open: () => number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('wamp.2.json') ? 'wamp.2.json' : false) });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let hellos = 0;
  wss.on('connection', (ws) => ws.on('message', () => hellos++));
  cleanups.push(() => new Promise((r) => {
    for (const c of wss.clients) c.terminate();
    wss.close(() => r());
  }));
  const port = (wss.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/ws`, hellos: () => hellos, open: () => wss.clients.size };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('connect() against servers that never finish', () => {
  it('a TCP server that never completes the WebSocket handshake: TransportError after connectTimeoutMs, socket closed', async () => {
    const server = await silentTcp();
    const err = await connect({ url: server.url, realm: 'realm1', serializers: ['json'], connectTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/connect timed out after 200 ms/);
    await until(() => server.open() === 0);
    expect(server.open()).toBe(0);
  });

  it('a router that never answers HELLO: TransportError after connectTimeoutMs, socket closed', async () => {
    const router = await silentRouter();
    const err = await connect({ url: router.url, realm: 'realm1', serializers: ['json'], connectTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(router.hellos()).toBe(1);
    await until(() => router.open() === 0);
    expect(router.open()).toBe(0);
  });

  it('with a reconnect policy, the timeout is retried like a lost connection, and the policy gives up', async () => {
    const router = await silentRouter();
    const err = await connect({
      url: router.url, realm: 'realm1', serializers: ['json'], connectTimeoutMs: 100,
      reconnect: { maxRetries: 2, initialDelayMs: 10, jitter: 0 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(router.hellos()).toBe(3);
  });

  it('an AbortSignal gives up at once with its reason, and closes the socket', async () => {
    const router = await silentRouter();
    const ac = new AbortController();
    const pending = connect({ url: router.url, realm: 'realm1', serializers: ['json'], signal: ac.signal }).catch((e: unknown) => e);
    await until(() => router.hellos() === 1);
    ac.abort(new Error('user gave up'));
    expect(await pending).toMatchObject({ message: 'user gave up' });
    await until(() => router.open() === 0);
    expect(router.open()).toBe(0);
  });

  it('an already aborted signal rejects without connecting', async () => {
    const router = await silentRouter();
    const ac = new AbortController();
    ac.abort();
    const err = await connect({ url: router.url, realm: 'realm1', signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AbortError' });
    expect(router.hellos()).toBe(0);
  });
});
