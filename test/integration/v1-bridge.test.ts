/**
 * The embedded router's WAMP v1 bridge: v1 clients (wampkit/v1) and v2 clients in one realm, on
 * one WebSocket listener. Message shapes as Autobahn|Python 0.8.15 sends them (the reference:
 * test/interop/v1.test.ts runs the same client against it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, TransportError, WampError, type Session } from 'wampkit';
import { Router } from 'wampkit/router';
import { connect as connectV1, type V1Session } from 'wampkit/v1';

function collector() {
  const events: unknown[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    events,
    handler: (args: readonly unknown[]) => {
      events.push(args[0]);
      for (const w of [...waiters]) if (events.length >= w.n) waiters.splice(waiters.indexOf(w), 1), w.resolve();
    },
    until: (n: number) => (events.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
  };
}

describe('router v1 bridge', () => {
  let router: Router;
  let url: string;
  let v2: Session;
  const v1s: V1Session[] = [];
  const v1 = async (prefixes?: Record<string, string>) => {
    const s = await connectV1({ url, ...(prefixes ? { prefixes } : {}) });
    v1s.push(s);
    return s;
  };

  beforeEach(async () => {
    router = new Router({ realms: ['realm1'] });
    url = (await router.listenWebSocket({ port: 0, v1: { realm: 'realm1' } })).url;
    v2 = await connect({ url, realm: 'realm1', serializers: ['msgpack'] });
    await v2.register('com.example.add', (args) => (args[0] as number) + (args[1] as number));
    await v2.register('com.example.fail', () => {
      throw new WampError('com.example.oops', { args: ['it failed', { x: 1 }] });
    });
  });
  afterEach(async () => {
    await Promise.all(v1s.splice(0).map((s) => s.close()));
    await v2.close();
    await router.close();
  });

  it('a v1 CALL reaches a v2 callee; CURIEs resolve; ERROR comes back as CALLERROR', async () => {
    const s = await v1({ ex: 'com.example.' });
    expect(s.id).toMatch(/^\d+$/);
    expect(s.server).toBe('wampkit-router');
    expect((await s.call('com.example.add', [2, 3])).args).toEqual([5]);
    expect((await s.call('ex:add', [20, 22])).args).toEqual([42]);
    const error = (await s.call('ex:fail').catch((e: unknown) => e)) as WampError;
    expect(error).toBeInstanceOf(WampError);
    expect(error.uri).toBe('com.example.oops');
    expect(error.args).toEqual(['it failed', { x: 1 }]);
    const missing = (await s.call('com.example.nope').catch((e: unknown) => e)) as WampError;
    expect(missing.uri).toBe('wamp.error.no_such_procedure');
  });

  it('v1 and v2 subscribers get the same events; exclude_me / exclude / eligible map to v2 options', async () => {
    const a = await v1();
    const b = await v1({ t: 'com.example.' });
    const ea = collector();
    const eb = collector();
    const ec = collector();
    await a.subscribe('com.example.topic', ea.handler);
    const subB = await b.subscribe('t:topic', eb.handler);
    await v2.subscribe('com.example.topic', ec.handler);
    await a.call('com.example.add', [0, 0]); // v1 has no SUBSCRIBED: a round trip after it
    await b.call('com.example.add', [0, 0]);
    await v2.publish('com.example.topic', ['from-v2'], {}, { acknowledge: true });
    await a.publish('com.example.topic', ['from-a']); // exclude_me: b and v2 only
    await a.publish('com.example.topic', ['only-b'], undefined, { exclude_me: false, eligible: [b.id!] });
    await a.publish('com.example.topic', ['not-b'], undefined, { exclude_me: false, exclude: [b.id!] });
    await a.publish('com.example.topic', ['last'], undefined, { exclude_me: false });
    await Promise.all([ea.until(3), eb.until(4), ec.until(3)]);
    expect(ea.events).toEqual(['from-v2', 'not-b', 'last']);
    expect(eb.events).toEqual(['from-v2', 'from-a', 'only-b', 'last']);
    expect(ec.events).toEqual(['from-a', 'not-b', 'last']);
    await subB.unsubscribe();
    await b.call('com.example.add', [0, 0]);
    await a.publish('com.example.topic', ['after'], undefined, { exclude_me: false });
    await ea.until(4);
    expect(eb.events).toHaveLength(4);
    expect(router.realm('realm1').sessionCount).toBe(3);
  });

  it('frames have the shapes an Autobahn 0.8 server sends', async () => {
    const ws = new WebSocket(url, ['wamp']);
    const frames: unknown[] = [];
    let wake: () => void = () => undefined;
    ws.on('message', (d) => (frames.push(JSON.parse(String(d))), wake()));
    const next = async (n: number) => {
      while (frames.length < n) await new Promise<void>((r) => (wake = r));
      return frames[n - 1];
    };
    await new Promise((r) => ws.once('open', r));
    expect(ws.protocol).toBe('wamp');
    expect(await next(1)).toEqual([0, expect.stringMatching(/^\d+$/), 1, 'wampkit-router']);
    ws.send(JSON.stringify([1, 'ex', 'com.example.']));
    ws.send(JSON.stringify([2, 'c1', 'ex:add', 2, 3]));
    expect(await next(2)).toEqual([3, 'c1', 5]);
    ws.send(JSON.stringify([2, 'c2', 'ex:fail']));
    expect(await next(3)).toEqual([4, 'c2', 'com.example.oops', 'it failed', { x: 1 }]);
    ws.send(JSON.stringify([5, 'ex:t']));
    ws.send(JSON.stringify([2, 'c3', 'ex:add', 0, 0]));
    await next(4);
    await v2.publish('com.example.t', [{ v: 1 }], {}, { acknowledge: true });
    expect(await next(5)).toEqual([8, 'com.example.t', { v: 1 }]);
    ws.close();
  });

  it('a v1 client that breaks the protocol loses only its own connection', async () => {
    const ws = new WebSocket(url, ['wamp']);
    await new Promise((r) => ws.once('message', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify([3, 'c1', 'a server message']));
    expect(await closed).toBe(1002);
    expect((await v2.call('com.example.add', [1, 1])).args).toEqual([2]);
  });

  it('bounds a v1 client\'s waiting calls (maxPendingCalls): one more gets CALLERROR at once', async () => {
    const slow = (await router.listenWebSocket({ port: 0, v1: { realm: 'realm1', maxPendingCalls: 2 } })).url;
    const release: Array<() => void> = [];
    let invoked!: () => void;
    const bothInvoked = new Promise<void>((r) => (invoked = r));
    await v2.register('com.example.slow', () => new Promise<number>((r) => release.push(() => r(1)) === 2 && invoked()));
    const s = await connectV1({ url: slow });
    v1s.push(s);
    const first = s.call('com.example.slow');
    const second = s.call('com.example.slow');
    const third = (await s.call('com.example.slow').catch((e: unknown) => e)) as WampError;
    expect(third).toBeInstanceOf(WampError);
    expect(third.uri).toBe('http://api.wamp.ws/error#internal');
    await bothInvoked;
    release.forEach((r) => r());
    expect([(await first).args, (await second).args]).toEqual([[1], [1]]);
  });

  it('UNSUBSCRIBE before the router answered SUBSCRIBE: the subscription is undone', async () => {
    const ws = new WebSocket(url, ['wamp']);
    const frames: unknown[] = [];
    let wake: () => void = () => undefined;
    ws.on('message', (d) => (frames.push(JSON.parse(String(d))), wake()));
    const next = async (n: number) => {
      while (frames.length < n) await new Promise<void>((r) => (wake = r));
      return frames[n - 1];
    };
    await next(1);
    ws.send(JSON.stringify([5, 'com.example.gone']));
    ws.send(JSON.stringify([6, 'com.example.gone']));
    ws.send(JSON.stringify([2, 'c1', 'com.example.add', 1, 1]));
    expect(await next(2)).toEqual([3, 'c1', 2]);
    await v2.publish('com.example.gone', ['x'], {}, { acknowledge: true });
    ws.send(JSON.stringify([2, 'c2', 'com.example.add', 2, 2]));
    expect(await next(3)).toEqual([3, 'c2', 4]); // no EVENT before it
    ws.close();
  });

  it('router shutdown: the bridge answers GOODBYE for its v1 client and closes the WebSocket', async () => {
    const s = await v1();
    const started = Date.now();
    await router.close();
    expect((await s.closed()).type).toBe('closed');
    expect(Date.now() - started).toBeLessThan(1_500); // the 2 s shutdownTimeoutMs was not needed: GOODBYE was answered
  });

  it('a listener without v1 refuses the wamp subprotocol', async () => {
    const plain = (await router.listenWebSocket({ port: 0 })).url;
    await expect(connectV1({ url: plain })).rejects.toBeInstanceOf(TransportError);
  });
});
