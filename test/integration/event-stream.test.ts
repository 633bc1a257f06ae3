/**
 * Subscriptions as async iterables (issue 11, client side): events in order, a bounded buffer
 * with a stated overflow policy and a count of what was dropped, and leaving the loop (or the
 * session closing) ends it and unsubscribes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, UsageError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
let sub: Session;
let pub: Session;
beforeEach(async () => {
  router = new Router({ realms: ['realm1'] });
  sub = await connect({ transport: router.connector(), realm: 'realm1' });
  pub = await connect({ transport: router.connector(), realm: 'realm1' });
});
afterEach(() => router.close());

const publish = (n: number): Promise<unknown> => pub.publish('com.example.t', [n], {}, { acknowledge: true });

describe('subscribe() without a handler: an async iterable of events', () => {
  it('yields events in order; breaking out of the loop unsubscribes', async () => {
    const stream = await sub.subscribe('com.example.t');
    for (let i = 1; i <= 3; i++) await publish(i);
    const got: unknown[] = [];
    for await (const e of stream) {
      got.push(e.args[0]);
      expect(e.details.topic).toBe('com.example.t');
      if (got.length === 3) break;
    }
    expect(got).toEqual([1, 2, 3]);
    expect(stream.active).toBe(false);
    expect(await stream.ended).toBe('unsubscribed');
    expect(router.realm('realm1').subscriptionCount).toBe(0);
  });

  it('a bounded buffer: drop-oldest keeps the newest and counts the dropped', async () => {
    const stream = await sub.subscribe('com.example.t', { bufferSize: 2 });
    for (let i = 1; i <= 5; i++) await publish(i);
    await sub.call('wampkit.router.info'); // every event has arrived
    const got: unknown[] = [];
    for await (const e of stream) {
      got.push(e.args[0]);
      if (got.length === 2) break;
    }
    expect(got).toEqual([4, 5]);
    expect(stream.dropped).toBe(3);
  });

  it('drop-newest keeps the oldest; error ends the loop with a UsageError and unsubscribes', async () => {
    // Buffer options are local: both streams share one router subscription.
    const newest = await sub.subscribe('com.example.t', { bufferSize: 2, overflow: 'drop-newest' });
    const failing = await sub.subscribe('com.example.t', { bufferSize: 2, overflow: 'error' });
    expect(failing.id).toBe(newest.id);
    for (let i = 1; i <= 4; i++) await publish(i);
    await sub.call('wampkit.router.info');
    const got: unknown[] = [];
    for await (const e of newest) {
      got.push(e.args[0]);
      if (got.length === 2) break;
    }
    expect(got).toEqual([1, 2]);
    expect(newest.dropped).toBe(2);
    const err = await (async () => {
      for await (const _ of failing) {
        /* drain */
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(failing.active).toBe(false);
  });

  it('the session closing ends the loop', async () => {
    const stream = await sub.subscribe('com.example.t');
    const loop = (async () => {
      const got: unknown[] = [];
      for await (const e of stream) got.push(e.args[0]);
      return got;
    })();
    await publish(7);
    await sub.call('wampkit.router.info');
    await sub.close();
    expect(await loop).toEqual([7]);
  });
});

describe('subscribeMany / unsubscribeMany', () => {
  it('one outcome per topic, never all-or-nothing', async () => {
    const got: unknown[] = [];
    const results = await sub.subscribeMany([
      { topic: 'com.example.a', handler: (a) => void got.push(a[0]) },
      { topic: 'bad topic' },
      { topic: 'com.other', options: { match: 'prefix' } },
    ]);
    expect(results.map((r) => [r.topic, r.error === undefined])).toEqual([['com.example.a', true], ['bad topic', false], ['com.other', true]]);
    expect(results[1]!.error).toBeInstanceOf(UsageError);
    await pub.publish('com.example.a', [1], {}, { acknowledge: true });
    await sub.call('wampkit.router.info');
    expect(got).toEqual([1]);
    const outcomes = await sub.unsubscribeMany(results.flatMap((r) => (r.subscription ? [r.subscription] : [])));
    expect(outcomes).toEqual([undefined, undefined]);
    expect(router.realm('realm1').subscriptionCount).toBe(0);
  });
});
