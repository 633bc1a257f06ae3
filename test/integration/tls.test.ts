/**
 * TLS where the URL says so: `wss://` and `rss://` (and `tcps://`) connect over real TLS to the
 * embedded router's TLS listeners, with a certificate made at test time by the system openssl;
 * a client that trusts another CA is refused with a TransportError; `rss://` is never clear text.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TransportError } from '../../src/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';
import { Router } from '../../src/router/index.js';
import { makeTestPki, type TestPki } from '../helpers/tls.js';

let pki: TestPki;
let router: Router;
let wss: string;
let rss: string;
beforeAll(async () => {
  pki = makeTestPki();
  router = new Router({ realms: ['realm1'] });
  wss = (await router.listenWebSocket({ host: '127.0.0.1', port: 0, tls: { key: pki.key, cert: pki.cert } })).url;
  rss = (await router.listenRawSocket({ host: '127.0.0.1', port: 0, tls: { key: pki.key, cert: pki.cert } })).url;
  const s = await connect({ transport: router.connector(), realm: 'realm1' });
  await s.register('com.example.add', (a) => (a[0] as number) + (a[1] as number));
});
afterAll(async () => {
  await router.close();
  pki.dispose();
});

describe('TLS', () => {
  it('the TLS listeners announce wss:// and rss:// URLs', () => {
    expect(wss).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(rss).toMatch(/^rss:\/\/127\.0\.0\.1:\d+$/);
  });

  it('wss:// with the right CA connects and calls', async () => {
    const s = await connect({ url: wss, realm: 'realm1', tls: { ca: pki.ca }, headers: { 'x-test': '1' } });
    expect((await s.call('com.example.add', [2, 3])).args).toEqual([5]);
    await s.close();
  });

  it('wss:// trusting another CA is refused with a TransportError', async () => {
    const err = await connect({ url: wss, realm: 'realm1', tls: { ca: pki.otherCa } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/certificate/i);
  });

  it.each(['rss', 'tcps'])('%s:// with the right CA connects and calls', async (scheme) => {
    const url = rss.replace(/^rss:/, `${scheme}:`);
    const s = await connect({ transport: rawSocketConnector({ url, tls: { ca: pki.ca } }), realm: 'realm1', serializers: ['msgpack'] });
    expect((await s.call('com.example.add', [2, 3])).args).toEqual([5]);
    await s.close();
  });

  it('rss:// trusting another CA is refused with a TransportError', async () => {
    const err = await connect({ transport: rawSocketConnector({ url: rss, tls: { ca: pki.otherCa } }), realm: 'realm1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/certificate/i);
  });

  it('rss:// never speaks clear text: against a plain TCP RawSocket server the first bytes are a TLS ClientHello', async () => {
    let first: Buffer | undefined;
    const server = createServer((sock) => {
      sock.once('data', (d: Buffer) => {
        first = d;
        sock.destroy();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const err = await connect({ transport: rawSocketConnector({ url: `rss://127.0.0.1:${port}` }), realm: 'realm1', connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    server.close();
    expect(err).toBeInstanceOf(TransportError);
    expect(first?.[0]).toBe(0x16); // TLS handshake record, not the RawSocket magic 0x7f
  });
});
