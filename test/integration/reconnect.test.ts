/**
 * Reconnecting: a session with a reconnect policy survives its connection being dropped, and
 * its subscriptions and registrations are restored on the new session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Router } from '../../src/router/index.js';
import { Session, SessionClosedError, connect, type SessionStatus } from '../../src/index.js';
import { deferred } from './harness.js';
import { TestRouter, waitForStatus } from '../../src/testing/index.js';

describe('reconnect', () => {
  let router: Router;
  const sessions: Session[] = [];
  afterEach(async () => {
    await Promise.allSettled(sessions.map((s) => s.close()));
    sessions.length = 0;
    await router.close();
  });

  it('restores subscriptions and registrations after the connection drops', async () => {
    router = new Router({ realms: ['realm1'] });
    const ws = await router.listenWebSocket({ port: 0 });
    const resilient = await connect({
      url: ws.url,
      realm: 'realm1',
      reconnect: { initialDelayMs: 10, maxDelayMs: 50, jitter: 0, maxRetries: 5 },
    });
    const other = await connect({ url: ws.url, realm: 'realm1' });
    sessions.push(resilient, other);
    const events: unknown[] = [];
    let gotEvent = deferred<void>();
    await resilient.subscribe('com.example.feed', (args) => {
      events.push(args[0]);
      gotEvent.resolve();
    });
    await resilient.register('com.example.ping', () => 'pong');

    const statuses: SessionStatus['type'][] = [];
    const reestablished = deferred<void>();
    resilient.onStatus((s) => {
      statuses.push(s.type);
      if (s.type === 'established') reestablished.resolve();
    });
    const firstId = resilient.id;
    // A call in flight when the connection drops is settled, not left hanging.
    await other.register('com.example.hang', () => new Promise(() => undefined));
    const inFlight = resilient.call('com.example.hang').catch((e: unknown) => e);
    expect(router.dropSession(firstId!)).toBe(true);
    expect(await inFlight).toBeInstanceOf(SessionClosedError);
    await reestablished.promise;
    expect(statuses).toEqual(['reconnecting', 'connecting', 'established']);
    expect(resilient.id).not.toBe(firstId);

    // "established" is announced once registrations and subscriptions are restored.
    expect((await other.call('com.example.ping')).args).toEqual(['pong']);
    // Subscriptions come back: events reach the old handler.
    gotEvent = deferred<void>();
    await other.publish('com.example.feed', ['after reconnect'], {}, { acknowledge: true });
    await gotEvent.promise;
    expect(events).toEqual(['after reconnect']);
  });

  it('gives up after maxRetries and fails with the transport error', async () => {
    router = new Router({ realms: ['realm1'] });
    const s = new Session({
      transport: () => Promise.reject(new Error('connection refused')),
      realm: 'realm1',
      reconnect: { initialDelayMs: 1, maxDelayMs: 2, jitter: 0, maxRetries: 3 },
    });
    const attempts: number[] = [];
    s.onStatus((st) => {
      if (st.type === 'reconnecting') attempts.push(st.attempt);
    });
    const err = await s.open().catch((e: unknown) => e);
    expect(attempts).toEqual([1, 2, 3]);
    expect((err as Error).name).toBe('TransportError');
    expect(s.status.type).toBe('failed');
  });

  describe('through wampkit/testing (a router whose links the test disturbs)', () => {
    it('a frozen link: the heartbeat notices, the in-flight call settles, and the session comes back on a new link', async () => {
      router = new Router(); // closed by afterEach; the TestRouter below has its own
      const test = new TestRouter();
      const s = await connect({
        transport: test.connector(), realm: 'realm1', heartbeat: { intervalMs: 20, timeoutMs: 150 },
        reconnect: { initialDelayMs: 10, jitter: 0, maxRetries: 20 },
      });
      sessions.push(s);
      await s.register('com.example.ping', () => 'pong');
      test.lastLink!.freeze();
      const inFlight = await s.call('com.example.ping').catch((e: unknown) => e);
      expect((inFlight as SessionClosedError).reason).toMatch(/^no heartbeat for \d+ ms$/);
      await waitForStatus(s, 'established');
      expect((await s.call('com.example.ping')).args).toEqual(['pong']); // restored on the new link
      await test.close();
    });

    it('a router restart: registrations come back, announced established once restored', async () => {
      router = new Router();
      const test = new TestRouter();
      const s = await connect({ transport: test.connector(), realm: 'realm1', heartbeat: false, reconnect: { initialDelayMs: 10, jitter: 0, maxRetries: 20 } });
      sessions.push(s);
      await s.register('com.example.ping', () => 'pong');
      await test.restart();
      await waitForStatus(s, 'established');
      expect((await s.call('com.example.ping')).args).toEqual(['pong']);
      await test.close();
    });
  });
});
