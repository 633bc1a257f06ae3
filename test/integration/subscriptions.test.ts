/**
 * Local subscriptions are keyed as the Broker keys them (topic and match policy): handlers on one
 * topic share one router subscription and stay independent; differing options are refused up
 * front; `Subscription.ended` says when and why a handler stopped receiving.
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

const publish = (topic: string, n: number): Promise<unknown> => pub.publish(topic, [n], {}, { acknowledge: true });

describe('subscriptions keyed as the Broker keys them', () => {
  it('a second subscription to one topic with other options is refused before anything is sent; the first keeps receiving', async () => {
    const got: number[] = [];
    const first = await sub.subscribe('com.example.t', (a) => void got.push(a[0] as number));
    const err = await sub.subscribe('com.example.t', () => undefined, { get_retained: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(String((err as Error).message)).toMatch(/already subscribed to com\.example\.t/);
    await publish('com.example.t', 1);
    await sub.call('wampkit.router.info'); // a round trip: the event has arrived
    expect(got).toEqual([1]);
    expect(first.active).toBe(true);
  });

  it('unsubscribing one of two handlers leaves the other receiving and active; ended says why', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const ha = await sub.subscribe('com.example.u', (x) => void a.push(x[0] as number));
    const hb = await sub.subscribe('com.example.u', (x) => void b.push(x[0] as number));
    expect(ha.id).toBe(hb.id);
    await hb.unsubscribe();
    expect(await hb.ended).toBe('unsubscribed');
    expect(hb.active).toBe(false);
    expect(ha.active).toBe(true);
    await publish('com.example.u', 2);
    await sub.call('wampkit.router.info');
    expect(a).toEqual([2]);
    expect(b).toEqual([]);
    expect(router.realm('realm1').subscriptionCount).toBe(1);
  });

  it('the same topic with another match policy is a subscription of its own', async () => {
    const exact = await sub.subscribe('com.example', () => undefined);
    const prefix = await sub.subscribe('com.example', () => undefined, { match: 'prefix' });
    expect(exact.id).not.toBe(prefix.id);
  });

  it('[subscription_revocation] a revocation by the Broker ends every handler with its reason', async () => {
    const h = await sub.subscribe('com.example.r', () => undefined);
    expect(router.realm('realm1').revokeSubscription(h.id, 'wamp.error.subscription_revoked')).toBe(true);
    expect(await h.ended).toBe('wamp.error.subscription_revoked');
    expect(h.active).toBe(false);
  });

  it('the session closing ends its handlers', async () => {
    const h = await sub.subscribe('com.example.c', () => undefined);
    await sub.close();
    expect(await h.ended).toBe('wamp.close.normal');
  });
});
