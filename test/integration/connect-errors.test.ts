/**
 * Errors that say what is wrong when connecting: a serializer mismatch names what was offered, a
 * wrong path gives the HTTP status and the path, a URL without a scheme (or with another one)
 * says which to write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TransportError, UsageError } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
let base: string;
beforeAll(async () => {
  router = new Router({ realms: ['realm1'], serializers: ['cbor', 'msgpack'] });
  const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
  base = ws.url.replace(/\/ws$/, '');
});
afterAll(() => router.close());

describe('clear connection errors', () => {
  it('no common subprotocol: names what was offered', async () => {
    const err = await connect({ url: `${base}/ws`, realm: 'realm1', serializers: ['json'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/speaks none of the offered subprotocols \(wamp\.2\.json\)/);
  });

  it('a wrong path: the HTTP status and the path', async () => {
    const err = await connect({ url: `${base}/wrong`, realm: 'realm1', serializers: ['cbor'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/answered HTTP 4\d\d.* for path \/wrong/);
  });

  it('a URL without a scheme says which to write', async () => {
    const err = await connect({ url: '127.0.0.1:8080/ws', realm: 'realm1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(String((err as Error).message)).toMatch(/has no scheme: write ws:\/\/127\.0\.0\.1:8080\/ws/);
  });

  it('another scheme says WebSocket takes ws:// or wss://, and where RawSocket URLs go', async () => {
    await expect(connect({ url: 'http://127.0.0.1:8080/ws', realm: 'realm1' })).rejects.toThrow(/scheme http; WebSocket takes ws:\/\/ or wss:\/\//);
    await expect(connect({ url: 'tcp://127.0.0.1:8081', realm: 'realm1' })).rejects.toThrow(/rawSocketConnector/);
  });

  it('the right path and serializer still connect', async () => {
    const s = await connect({ url: `${base}/ws`, realm: 'realm1', serializers: ['json', 'cbor'] });
    expect(s.protocol).toBe('wamp.2.cbor');
    await s.close();
  });
});
