/** Advanced Profile PubSub conformance cases. Feature tags in [brackets] are the spec's feature names. */
import { expect, it } from 'vitest';
import { collector, deferred, type Conformance } from '../conformance-context.js';

import { skipWith } from './advanced-rpc.js';

type Ctx = Parameters<typeof skipWith>[0];

export function advancedPubSubCases(get: () => Conformance): void {
  const need = async (c: Conformance, ctx: Ctx, feature: string) => {
    const probe = await c.open();
    const why = c.lacks(probe, 'broker', feature);
    if (why) skipWith(ctx, why);
    return probe;
  };

  it('[publisher_exclusion] exclude_me: false delivers to the publisher too', async (ctx) => {
    const c = get();
    const s = await need(c, ctx, 'publisher_exclusion');
    const topic = c.uri('self');
    const got = collector<unknown>(1);
    await s.subscribe(topic, (a) => got.push(a[0]));
    await s.publish(topic, ['excluded'], {}, { acknowledge: true });
    await s.publish(topic, ['mine'], {}, { acknowledge: true, exclude_me: false });
    expect(await got.done).toEqual(['mine']);
  });

  it('[publisher_identification] disclose_me tells subscribers the publisher', async (ctx) => {
    const c = get();
    const sub = await need(c, ctx, 'publisher_identification');
    const pub = await c.open();
    const topic = c.uri('who');
    const got = deferred<number | undefined>();
    await sub.subscribe(topic, (_a, _k, d) => got.resolve(d.publisher));
    await pub.publish(topic, [], {}, { acknowledge: true, disclose_me: true });
    expect(await got.promise).toBe(pub.id);
  });

  it('[subscriber_blackwhite_listing] exclude and eligible by session id', async (ctx) => {
    const c = get();
    const pub = await need(c, ctx, 'subscriber_blackwhite_listing');
    const a = await c.open();
    const b = await c.open();
    const topic = c.uri('lists');
    const seen: string[] = [];
    const done = collector<string>(2);
    await a.subscribe(topic, (args) => {
      seen.push(`a:${String(args[0])}`);
      done.push('a');
    });
    await b.subscribe(topic, (args) => {
      seen.push(`b:${String(args[0])}`);
      done.push('b');
    });
    await pub.publish(topic, ['black'], {}, { acknowledge: true, exclude: [a.id!] });
    await pub.publish(topic, ['white'], {}, { acknowledge: true, eligible: [a.id!] });
    await done.done;
    expect(seen.sort()).toEqual(['a:white', 'b:black']);
  });

  it('[pattern_based_subscription] prefix and wildcard subscriptions see the concrete topic', async (ctx) => {
    const c = get();
    const sub = await need(c, ctx, 'pattern_based_subscription');
    const pub = await c.open();
    const base = c.uri('home');
    const got = collector<string>(3);
    await sub.subscribe(base, (_a, _k, d) => got.push(`prefix ${d.topic}`), { match: 'prefix' });
    await sub.subscribe(`${base}..temp`, (_a, _k, d) => got.push(`wildcard ${d.topic}`), { match: 'wildcard' });
    await pub.publish(`${base}.kitchen.temp`, [20], {}, { acknowledge: true });
    await pub.publish(`${base}.kitchen.light`, [true], {}, { acknowledge: true });
    expect((await got.done).sort()).toEqual([
      `prefix ${base}.kitchen.light`,
      `prefix ${base}.kitchen.temp`,
      `wildcard ${base}.kitchen.temp`,
    ]);
  });

  it('[session_meta_api] wamp.session.kill with a message: the killed session learns who ended it and the message', async (ctx) => {
    const c = get();
    const victim = await c.open();
    const admin = await c.open();
    const killed = await admin.call('wamp.session.kill', [victim.id], { message: 'maintenance window' }).catch((e: unknown) => e);
    if (killed instanceof Error) skipWith(ctx, `wamp.session.kill is not offered here: ${killed.message}`);
    const end = await victim.closed();
    expect(end.kind).toBe('goodbye');
    expect(end.message).toBe('maintenance window');
    expect(end.reason).toMatch(/^wamp\.close\./);
  });

  it('[subscription_meta_api] list, lookup, match, get, list_subscribers, count_subscribers', async (ctx) => {
    const c = get();
    const s = await need(c, ctx, 'subscription_meta_api');
    const topic = c.uri('meta');
    const sub = await s.subscribe(topic, () => undefined);
    // A procedure the router does not offer is recorded, and named in the skip at the end.
    const missing: string[] = [];
    const meta = async (proc: string, args: unknown[] = []): Promise<unknown> => {
      try {
        return (await s.call(`wamp.subscription.${proc}`, args)).args[0];
      } catch (e) {
        if ((e as { uri?: string }).uri === 'wamp.error.no_such_procedure') {
          missing.push(proc);
          return undefined;
        }
        throw e;
      }
    };
    const list = (await meta('list')) as Record<string, number[]> | undefined;
    if (list) expect(list['exact']).toContain(sub.id);
    const looked = await meta('lookup', [topic]);
    if (!missing.includes('lookup')) expect(looked).toBe(sub.id);
    const matched = await meta('match', [topic]);
    if (!missing.includes('match')) expect(matched).toContain(sub.id);
    const got = (await meta('get', [sub.id])) as Record<string, unknown> | undefined;
    if (got) {
      expect(got).toMatchObject({ id: sub.id, uri: topic });
      expect(['exact', '']).toContain(got['match']); // Nexus reports the exact policy as ''
    }
    const subscribers = await meta('list_subscribers', [sub.id]);
    if (!missing.includes('list_subscribers')) expect(subscribers).toEqual([s.id]);
    const count = await meta('count_subscribers', [sub.id]);
    if (!missing.includes('count_subscribers')) expect(count).toBe(1);
    if (missing.length > 0) skipWith(ctx, `${c.target.name} lacks wamp.subscription.${missing.join(', wamp.subscription.')}`);
  });
}
