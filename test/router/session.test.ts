import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors.js';
import { Router } from '../../src/router/index.js';
import type { Authenticator } from '../../src/router/index.js';
import { RawClient } from './raw-client.js';

describe('router sessions', () => {
  let router: Router;
  beforeEach(() => {
    // anonymous is an admin role here: these tests exercise the meta procedures themselves.
    router = new Router({ info: false, shutdownTimeoutMs: 500, adminRoles: ['anonymous'] });
  });
  afterEach(async () => {
    await router.close();
  });

  it('answers HELLO with WELCOME announcing broker and dealer features', async () => {
    for (const serializer of ['json', 'msgpack'] as const) {
      const c = await RawClient.join(router.connector(), { serializer });
      const [, session, details] = c.welcome as [number, number, Record<string, unknown>];
      expect(Number.isInteger(session)).toBe(true);
      expect(session).toBeGreaterThan(0);
      expect(details).toMatchObject({
        realm: 'realm1', authid: 'anonymous', authrole: 'anonymous', authmethod: 'anonymous',
        roles: {
          broker: { features: { pattern_based_subscription: true, publisher_exclusion: true, event_retention: true } },
          dealer: { features: { progressive_call_results: true, call_canceling: true, shared_registration: true, call_timeout: true } },
        },
      });
    }
    expect(router.realm('realm1').sessionCount).toBe(2);
    expect(router.sessionCount).toBe(2);
  });

  it('ABORTs with wamp.error.no_such_realm for an unknown realm', async () => {
    const c = await RawClient.open(router.connector());
    c.send([1, 'nope', { roles: { caller: {} } }]);
    const m = await c.nextOf(3);
    expect(m[2]).toBe('wamp.error.no_such_realm');
    await c.closed;
  });

  it('creates realms on demand with autoCreateRealms', async () => {
    const r = new Router({ info: false, autoCreateRealms: true });
    const c = await RawClient.join(r.connector(), { realm: 'com.example.fresh' });
    expect(c.sessionId).toBeGreaterThan(0);
    expect(r.realm('com.example.fresh').sessionCount).toBe(1);
    c.send([6, {}, 'wamp.close.close_realm']);
    await c.closed;
    await r.close();
  });

  it('ABORTs only the offending session on a protocol violation', async () => {
    const good = await RawClient.join(router.connector());
    const bad = await RawClient.join(router.connector());
    const cases: unknown[][] = [
      [1, 'realm1', { roles: { caller: {} } }], // second HELLO
      [2, 1, {}], // WELCOME from a client
      [50, 1, {}], // RESULT from a client
      [36, 1, 2, {}], // EVENT from a client
      [8, 48, 1, {}, 'x.y'], // ERROR for a CALL
      [999, 1], // unknown type
      [48, 'x', {}, 'a.b'], // bad request id
    ];
    for (const msg of cases) {
      const b = await RawClient.join(router.connector());
      b.send(msg);
      const abort = await b.nextOf(3);
      expect(abort[2]).toBe('wamp.error.protocol_violation');
      expect((abort[1] as { message: string }).message).toMatch(/\w+/);
      await b.closed;
    }
    bad.sendFrame('this is not json');
    const abort = await bad.nextOf(3);
    expect(abort[2]).toBe('wamp.error.protocol_violation');
    await bad.closed;
    // The other session is untouched.
    await good.sync();
    expect(good.isClosed).toBe(false);
    expect(router.realm('realm1').sessionCount).toBe(1);
  });

  it('names the problem in ABORT details', async () => {
    const c = await RawClient.join(router.connector());
    c.send([50, 1, {}]);
    const abort = await c.nextOf(3);
    expect((abort[1] as { message: string }).message).toContain('RESULT');
  });

  it('ABORTs a message before WELCOME', async () => {
    const c = await RawClient.open(router.connector());
    c.send([48, 1, {}, 'com.example.x']);
    const abort = await c.nextOf(3);
    expect(abort[2]).toBe('wamp.error.protocol_violation');
  });

  it('ABORTs an oversize message with wamp.error.payload_size_exceeded', async () => {
    const r = new Router({ info: false, maxMessageBytes: 1000 });
    const c = await RawClient.join(r.connector());
    c.send([16, 1, {}, 'com.example.big', ['x'.repeat(2000)]]);
    const abort = await c.nextOf(3);
    expect(abort[2]).toBe('wamp.error.payload_size_exceeded');
    await c.closed;
    await r.close();
  });

  it('answers GOODBYE with goodbye_and_out and cleans up', async () => {
    const c = await RawClient.join(router.connector());
    await c.register('com.example.proc');
    await c.subscribe('com.example.topic');
    c.send([6, {}, 'wamp.close.close_realm']);
    const bye = await c.nextOf(6);
    expect(bye[2]).toBe('wamp.close.goodbye_and_out');
    await c.closed;
    const realm = router.realm('realm1');
    expect(realm.sessionCount).toBe(0);
    expect(realm.registrationCount).toBe(0);
    expect(realm.subscriptionCount).toBe(0);
  });

  it('close() sends GOODBYE wamp.close.system_shutdown to every session', async () => {
    const a = await RawClient.join(router.connector());
    const b = await RawClient.join(router.connector(), { serializer: 'msgpack' });
    const closing = router.close();
    for (const c of [a, b]) {
      const bye = await c.nextOf(6);
      expect(bye[2]).toBe('wamp.close.system_shutdown'); // RawClient answers GOODBYE
    }
    await closing;
    await Promise.all([a.closed, b.closed]);
    expect(router.connectionCount).toBe(0);
    await expect(router.connector()({ protocols: ['wamp.2.json'], events: { message() {}, close() {} } })).rejects.toBeInstanceOf(TransportError);
  });

  it('the in-process connector refuses when no offered subprotocol is spoken', async () => {
    const r = new Router({ info: false, serializers: ['msgpack'] });
    await expect(r.connector()({ protocols: ['wamp.2.json', 'wamp.2.ubjson'], events: { message() {}, close() {} } })).rejects.toBeInstanceOf(TransportError);
    await expect(RawClient.join(r.connector(), { serializer: 'msgpack' })).resolves.toBeInstanceOf(RawClient);
    await r.close();
  });

  it('dropSession drops the connection', async () => {
    const c = await RawClient.join(router.connector());
    expect(router.dropSession(c.sessionId)).toBe(true);
    await c.closed;
    expect(router.dropSession(c.sessionId)).toBe(false);
  });

  it('uses the authenticate hook, including a challenge round', async () => {
    const authenticate: Authenticator = ({ authid }) => {
      if (authid === 'joe') {
        return {
          type: 'challenge', authmethod: 'ticket', extra: {},
          verify: (sig) => (sig === 'secret' ? { type: 'welcome', authid: 'joe', authrole: 'user', authmethod: 'ticket' } : { type: 'abort', reason: 'wamp.error.authentication_failed', message: 'bad ticket' }),
        };
      }
      return { type: 'abort', reason: 'wamp.error.not_authorized' };
    };
    const r = new Router({ info: false, authenticate });
    const ok = await RawClient.open(r.connector());
    ok.send([1, 'realm1', { roles: { caller: {} }, authid: 'joe', authmethods: ['ticket'] }]);
    expect((await ok.nextOf(4))[1]).toBe('ticket');
    ok.send([5, 'secret', {}]);
    const w = await ok.nextOf(2);
    expect(w[2]).toMatchObject({ authid: 'joe', authrole: 'user', authmethod: 'ticket' });

    const bad = await RawClient.open(r.connector());
    bad.send([1, 'realm1', { roles: { caller: {} }, authid: 'joe' }]);
    await bad.nextOf(4);
    bad.send([5, 'wrong', {}]);
    expect((await bad.nextOf(3))[2]).toBe('wamp.error.authentication_failed');

    const anon = await RawClient.open(r.connector());
    anon.send([1, 'realm1', { roles: { caller: {} } }]);
    expect((await anon.nextOf(3))[2]).toBe('wamp.error.not_authorized');
    await r.close();
  });

  it('serves the session meta procedures and events', async () => {
    const watcher = await RawClient.join(router.connector());
    const sub = await watcher.subscribe('wamp.session.on_join');
    const subLeave = await watcher.subscribe('wamp.session.on_leave');
    const other = await RawClient.join(router.connector());
    const ev = await watcher.nextOf(36, sub);
    expect(ev[4]).toEqual([expect.objectContaining({ session: other.sessionId, authrole: 'anonymous' })]);
    const req = watcher.id();
    watcher.send([48, req, {}, 'wamp.session.count']);
    expect((await watcher.nextOf(50, req))[3]).toEqual([2]);
    const req2 = watcher.id();
    watcher.send([48, req2, {}, 'wamp.session.list']);
    const list = (await watcher.nextOf(50, req2))[3] as [number[]];
    expect(list[0].sort()).toEqual([watcher.sessionId, other.sessionId].sort());
    const req3 = watcher.id();
    watcher.send([48, req3, {}, 'wamp.session.get', [12345]]);
    expect((await watcher.nextOf(8, req3, 2))[4]).toBe('wamp.error.no_such_session');
    other.close();
    const left = await watcher.nextOf(36, subLeave);
    expect(left[4]).toEqual([other.sessionId, 'anonymous', 'anonymous']);
  });
});
