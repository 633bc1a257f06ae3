/**
 * Who may open a WebSocket from a browser: pages from the same host as the listener (any port)
 * by default; other origins only when an allow-list names them; non-browser clients (no Origin
 * header) always.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Router } from '../../src/router/index.js';

let router: Router;
let closed: string;
let widened: string;
beforeAll(async () => {
  router = new Router({ realms: ['realm1'] });
  closed = (await router.listenWebSocket({ host: '127.0.0.1', port: 0 })).url;
  widened = (await router.listenWebSocket({ host: '127.0.0.1', port: 0, allowedOrigins: ['https://app.example.com'] })).url;
});
afterAll(() => router.close());

/** The HTTP status of an upgrade with this Origin (101 when accepted). */
function upgrade(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, ['wamp.2.json'], origin ? { origin } : {});
    ws.on('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => undefined);
  });
}

describe('Origin policy of the WebSocket listener', () => {
  it('same host, another port: allowed by default', async () => {
    expect(await upgrade(closed, 'http://127.0.0.1:3000')).toBe(101);
  });
  it('Origin: https://evil.example is refused by default (403)', async () => {
    expect(await upgrade(closed, 'https://evil.example')).toBe(403);
  });
  it('a null or malformed origin is refused', async () => {
    expect(await upgrade(closed, 'null')).toBe(403);
  });
  it('no Origin header (not a browser): allowed', async () => {
    expect(await upgrade(closed, undefined)).toBe(101);
  });
  it('an allow-list widens it, and only by what it names', async () => {
    expect(await upgrade(widened, 'https://app.example.com')).toBe(101);
    expect(await upgrade(widened, 'https://evil.example')).toBe(403);
    expect(await upgrade(widened, 'http://127.0.0.1:9999')).toBe(101);
  });
});

describe('IP allow and deny lists per listener', () => {
  it('a denied address (or one outside the allow-list) is refused on WebSocket (403) and RawSocket (closed)', async () => {
    const r = new Router({ realms: ['realm1'] });
    const denied = await r.listenWebSocket({ host: '127.0.0.1', port: 0, denyAddresses: ['127.0.0.0/8'] });
    const outside = await r.listenWebSocket({ host: '127.0.0.1', port: 0, allowAddresses: ['10.0.0.0/8'] });
    const inside = await r.listenWebSocket({ host: '127.0.0.1', port: 0, allowAddresses: ['127.0.0.1'] });
    const raw = await r.listenRawSocket({ host: '127.0.0.1', port: 0, denyAddresses: ['127.0.0.1'] });
    expect(await upgrade(denied.url, undefined)).toBe(403);
    expect(await upgrade(outside.url, undefined)).toBe(403);
    expect(await upgrade(inside.url, undefined)).toBe(101);
    const { rawSocketConnector } = await import('../../src/rawsocket.js');
    const { connect } = await import('../../src/index.js');
    await expect(connect({ transport: rawSocketConnector({ url: raw.url }), realm: 'realm1' })).rejects.toThrow();
    await r.close();
  });
});
