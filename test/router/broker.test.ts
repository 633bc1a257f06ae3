import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from '../../src/router/index.js';
import { RawClient, type Msg } from './raw-client.js';

const EVENT = 36;

describe('broker', () => {
  let router: Router;
  let pub: RawClient;
  beforeEach(async () => {
    router = new Router({ info: false });
    pub = await RawClient.join(router.connector());
  });
  afterEach(async () => {
    await router.close();
  });

  const join = (serializer: 'json' | 'msgpack' = 'json'): Promise<RawClient> => RawClient.join(router.connector(), { serializer });
  const publish = (topic: string, args?: unknown[], kwargs?: object, options: object = {}): void => {
    const m: Msg = [16, pub.id(), options, topic];
    if (args) m.push(args);
    if (kwargs) m.push(kwargs);
    pub.send(m);
  };

  it('delivers EVENTs for exact, prefix and wildcard subscriptions, with details.topic for patterns', async () => {
    const s = await join('msgpack');
    const exact = await s.subscribe('com.example.a.b');
    const prefix = await s.subscribe('com.example', { match: 'prefix' });
    const wild = await s.subscribe('com..a.', { match: 'wildcard' });
    publish('com.example.a.b', [1, 'two', { three: 3 }], { k: [true, null] });
    const got = await Promise.all([s.nextOf(EVENT, exact), s.nextOf(EVENT, prefix), s.nextOf(EVENT, wild)]);
    expect(got[0]![3]).toEqual({});
    expect(got[1]![3]).toEqual({ topic: 'com.example.a.b' });
    expect(got[2]![3]).toEqual({ topic: 'com.example.a.b' });
    for (const e of got) {
      expect(e[4]).toEqual([1, 'two', { three: 3 }]);
      expect(e[5]).toEqual({ k: [true, null] });
    }
    expect(new Set(got.map((e) => e[2])).size).toBe(1); // one publication id
    publish('com.other.a.b');
    await s.nextOf(EVENT, wild);
    await s.sync();
    expect(s.pending).toEqual([]);
  });

  it('shares one subscription id between sessions and between repeated subscribes', async () => {
    const a = await join();
    const b = await join('msgpack');
    const idA = await a.subscribe('com.example.t');
    expect(await a.subscribe('com.example.t')).toBe(idA);
    expect(await b.subscribe('com.example.t')).toBe(idA);
    expect(await b.subscribe('com.example.t', { match: 'prefix' })).not.toBe(idA);
    expect(router.realm('realm1').subscriptionCount).toBe(2);
    publish('com.example.t', ['x']);
    expect((await a.nextOf(EVENT, idA))[4]).toEqual(['x']);
    expect((await b.nextOf(EVENT, idA))[4]).toEqual(['x']);
  });

  it('UNSUBSCRIBE: UNSUBSCRIBED, and wamp.error.no_such_subscription when unknown', async () => {
    const s = await join();
    const id = await s.subscribe('com.example.t');
    const r1 = s.id();
    s.send([34, r1, id]);
    expect(await s.nextOf(35, r1)).toEqual([35, r1]);
    const r2 = s.id();
    s.send([34, r2, id]);
    const err = await s.nextOf(8, r2, 2);
    expect(err.slice(0, 3)).toEqual([8, 34, r2]);
    expect(err[4]).toBe('wamp.error.no_such_subscription');
    expect(router.realm('realm1').subscriptionCount).toBe(0);
  });

  it('excludes the publisher unless exclude_me is false', async () => {
    const id = await pub.subscribe('com.example.me');
    publish('com.example.me', ['excluded']);
    publish('com.example.me', ['included'], undefined, { exclude_me: false });
    const e = await pub.nextOf(EVENT, id);
    expect(e[4]).toEqual(['included']);
  });

  it('acknowledges with PUBLISHED only when asked, and ERRORs an invalid topic when asked', async () => {
    const r = pub.id();
    pub.send([16, r, { acknowledge: true }, 'com.example.ack']);
    const ack = await pub.nextOf(17, r);
    expect(typeof ack[2]).toBe('number');
    pub.send([16, pub.id(), {}, 'com.example.noack']);
    const bad = pub.id();
    pub.send([16, bad, { acknowledge: true }, 'com example.bad']);
    expect((await pub.nextOf(8, bad, 2))[4]).toBe('wamp.error.invalid_uri');
    expect(pub.pending).toEqual([]);
  });

  it('applies black- and whitelisting by session, authid and authrole', async () => {
    const a = await join();
    const b = await join();
    const c = await join();
    const sub = await a.subscribe('com.example.bw');
    await b.subscribe('com.example.bw');
    await c.subscribe('com.example.bw');
    publish('com.example.bw', ['1'], undefined, { exclude: [a.sessionId] });
    publish('com.example.bw', ['2'], undefined, { eligible: [a.sessionId, c.sessionId], exclude: [c.sessionId] });
    publish('com.example.bw', ['3'], undefined, { exclude_authrole: ['anonymous'] });
    publish('com.example.bw', ['4'], undefined, { eligible_authid: ['nobody'] });
    publish('com.example.bw', ['5'], undefined, { eligible_authid: ['anonymous'], eligible: [b.sessionId] });
    await pub.sync();
    const got = async (cl: RawClient): Promise<unknown[]> => {
      await cl.sync();
      return cl.pending.filter((m) => m[0] === EVENT && m[1] === sub).map((m) => (m[4] as string[])[0]);
    };
    expect(await got(a)).toEqual(['2']);
    expect(await got(b)).toEqual(['1', '5']);
    expect(await got(c)).toEqual(['1']);
  });

  it('discloses the publisher when asked', async () => {
    const s = await join();
    const id = await s.subscribe('com.example.who');
    publish('com.example.who', [], undefined, { disclose_me: true });
    const e = await s.nextOf(EVENT, id);
    expect(e[3]).toEqual({ publisher: pub.sessionId, publisher_authid: 'anonymous', publisher_authrole: 'anonymous' });
  });

  it('retains the last retained event and delivers it on get_retained', async () => {
    publish('com.example.temp', [20], undefined, { retain: true });
    publish('com.example.temp', [21], undefined, { retain: true });
    publish('com.example.temp', [99]);
    await pub.sync();
    const s = await join();
    const id = await s.subscribe('com.example.temp', { get_retained: true });
    const e = await s.nextOf(EVENT, id);
    expect(e[3]).toEqual({ retained: true });
    expect(e[4]).toEqual([21]);
    const p = await s.subscribe('com.example', { match: 'prefix', get_retained: true });
    const pe = await s.nextOf(EVENT, p);
    expect(pe[3]).toEqual({ retained: true, topic: 'com.example.temp' });
    const none = await s.subscribe('com.example.other', { get_retained: true });
    await s.sync();
    expect(s.pending.filter((m) => m[1] === none)).toEqual([]);
    // Not retained for sessions the publisher excluded.
    publish('com.example.secret', [1], undefined, { retain: true, eligible: [12345] });
    await pub.sync();
    const x = await s.subscribe('com.example.secret', { get_retained: true });
    await s.sync();
    expect(s.pending.filter((m) => m[1] === x)).toEqual([]);
  });

  it('passes binary values and transparent payloads through untouched', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const j = await join('json');
    const m = await join('msgpack');
    const idJ = await j.subscribe('com.example.bin');
    await m.subscribe('com.example.bin');
    publish('com.example.bin', [bytes], { b: bytes });
    expect((await j.nextOf(EVENT, idJ))[4]).toEqual([bytes]);
    const em = await m.nextOf(EVENT, idJ);
    expect(em[4]).toEqual([bytes]);
    expect(em[5]).toEqual({ b: bytes });
    // Payload Passthru Mode: the payload is the one binary item of Arguments (spec), kept as is.
    pub.send([16, pub.id(), { ppt_scheme: 'x_custom', ppt_serializer: 'native' }, 'com.example.bin', [bytes]]);
    const pe = await m.nextOf(EVENT, idJ);
    expect(pe[3]).toEqual({ ppt_scheme: 'x_custom', ppt_serializer: 'native' });
    expect(pe[4]).toEqual([bytes]);
  });

  it('drops the subscriptions of a session that left', async () => {
    const s = await join();
    await s.subscribe('com.example.gone');
    await s.subscribe('com.example', { match: 'prefix' });
    s.close();
    await s.closed;
    await pub.sync();
    expect(router.realm('realm1').subscriptionCount).toBe(0);
  });

  it('publishes from the router itself with Realm.publish', async () => {
    const s = await join();
    const id = await s.subscribe('com.example.internal');
    router.realm('realm1').publish('com.example.internal', ['hi'], { n: 1 });
    const e = await s.nextOf(EVENT, id);
    expect(e.slice(3)).toEqual([{}, ['hi'], { n: 1 }]);
  });
});

describe('retained events: age bound', () => {
  it('a retained event older than retainedTtlMs is dropped (injected clock)', async () => {
    const { Broker } = await import('../../src/router/broker.js');
    let now = 1_000;
    const broker = new Broker({ newId: (() => { let i = 0; return () => ++i; })(), retained: { maxEvents: 10, maxBytes: 1 << 20, ttlMs: 500 }, now: () => now });
    broker.publishInternal('com.example.a', [1], undefined, { retain: true });
    now += 300;
    broker.publishInternal('com.example.b', [2], undefined, { retain: true });
    expect(broker.retainedStats.events).toBe(2);
    now += 300; // a is 600 ms old, b 300 ms
    expect(broker.retainedStats.events).toBe(1);
    now += 300;
    expect(broker.retainedStats).toEqual({ events: 0, bytes: 0 });
  });
});
