/**
 * What each README TypeScript block needs around it to run for real (the hidden preamble of
 * test/integration/readme.test.ts): the router it talks to, and what its output must show.
 * Every ```ts block in README.md has a `<!-- snippet: name -->` line above it and an entry here.
 */
import { expect } from 'vitest';
import { Router, staticAuthenticator } from '../../src/router/index.js';
import { makeTestPki } from '../helpers/tls.js';
import type { RouterOptions } from '../../src/router/index.js';

/** How one README block is run. */
export interface SnippetSetup {
  /** The embedded router the block talks to at `ws://127.0.0.1:8080/ws`; none when the block starts its own. */
  readonly router?: RouterOptions;
  /** Sets up what the block needs besides a plain router: literal strings to replace in the block, and a cleanup. */
  readonly prepare?: () => Promise<{ replace: Readonly<Record<string, string>>; cleanup(): Promise<void> }>;
  /** Checks on what the block printed with `console.log` (each call's arguments). */
  readonly check?: (logs: unknown[][]) => void;
}

/** A router for a block, listening on a free loopback port. */
export async function startRouter(options: RouterOptions): Promise<{ url: string; close(): Promise<void> }> {
  const router = new Router(options);
  const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
  return { url: ws.url, close: () => router.close() };
}

const realm1: RouterOptions = { realms: ['realm1'] };

/** Setup per snippet name. */
export const SNIPPETS: Readonly<Record<string, SnippetSetup>> = {
  'using-it': { router: realm1 },
  v1: {
    check: (logs) => {
      expect(logs).toContainEqual([[5]]);
      expect(logs).toContainEqual(['wamp.error.feature_not_supported']);
    },
  },
  progressive: {
    router: realm1,
    check: (logs) => {
      expect(logs).toContainEqual(['progress', [3]]);
      expect(logs).toContainEqual(['final', ['liftoff']]);
      expect(logs).toContainEqual([[6]]);
    },
  },
  'reconnect-auth': {
    router: {
      realms: ['realm1', 'home'],
      authenticate: staticAuthenticator({ wampcra: { joe: { secret: 'joe-secret', role: 'user' } }, anonymousRole: 'anonymous' }),
    },
  },
  // A TLS router with a certificate made now; the block's URLs and ROUTER_CA_PEM point at it.
  tls: {
    prepare: async () => {
      const pki = makeTestPki();
      const router = new Router({ realms: ['realm1'] });
      const wss = await router.listenWebSocket({ host: '127.0.0.1', port: 0, tls: { key: pki.key, cert: pki.cert } });
      const rss = await router.listenRawSocket({ host: '127.0.0.1', port: 0, tls: { key: pki.key, cert: pki.cert } });
      process.env['ROUTER_CA_PEM'] = pki.ca;
      return {
        replace: { 'wss://localhost:8443/ws': `wss://localhost:${wss.port}/ws`, 'rss://localhost:8444': `rss://localhost:${rss.port}` },
        cleanup: async () => {
          delete process.env['ROUTER_CA_PEM'];
          await router.close();
          pki.dispose();
        },
      };
    },
  },
  security: {},
  meta: {
    router: {
      realms: ['realm1'],
      authenticate: staticAuthenticator({ ticket: { ops: { ticket: 'ops-secret', role: 'admin' } }, anonymousRole: 'anonymous' }),
    },
    check: (logs) => {
      expect(logs.some((l) => l.length === 3 && l[2] === 'anonymous')).toBe(true);
      expect(logs.some((l) => l[0] === 'left')).toBe(true);
    },
  },
  contracts: { router: realm1, check: (logs) => expect(logs).toEqual([[5], ['UsageError']]) },
  passthru: { router: realm1, check: (logs) => expect(logs).toContainEqual([['opaque to the router'], { n: 1 }, 'x_app']) },
  'event-stream': { router: realm1, check: (logs) => expect(logs).toContainEqual(['com.example.temp', [21.5]]) },
  testing: { check: (logs) => expect(logs).toContainEqual([['pong']]) },
  // A second router for the failover list's second URL.
  failover: {
    router: realm1,
    prepare: async () => {
      const second = await startRouter(realm1);
      return { replace: { "'ws://127.0.0.1:8081/ws'": JSON.stringify(second.url) }, cleanup: () => second.close() };
    },
    check: (logs) => expect(String(logs[0]?.[0])).toBe('on'),
  },
  'offline-queue': {
    check: (logs) => {
      expect(logs).toContainEqual([['publish com.example.log']]);
      expect(logs).toContainEqual(['number']);
    },
  },
  'embedded-router': { check: (logs) => expect(String(logs[0]?.[0])).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/) },
};
