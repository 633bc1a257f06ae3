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
    if (missing.length > 0) skipWith(ctx, `${c.target.name} lacks subscription_meta_api: no wamp.subscription.${missing.join(', wamp.subscription.')}`);
  });

  it('[subscription_meta_api] meta events: on_create, on_subscribe, on_unsubscribe, on_delete', async (ctx) => {
    const c = get();
    const watcher = await need(c, ctx, 'subscription_meta_api');
    const s = await c.open();
    const seen: Array<[string, unknown[]]> = [];
    const deleted = deferred<void>();
    for (const name of ['on_create', 'on_subscribe', 'on_unsubscribe', 'on_delete']) {
      await watcher.subscribe(`wamp.subscription.${name}`, (args) => {
        if (args[0] !== s.id) return;
        seen.push([name, args]);
        if (name === 'on_delete') deleted.resolve();
      });
    }
    const topic = c.uri('meta-events');
    const sub = await s.subscribe(topic, () => undefined);
    await sub.unsubscribe();
    await deleted.promise;
    expect(seen.map(([n]) => n)).toEqual(['on_create', 'on_subscribe', 'on_unsubscribe', 'on_delete']);
    const [, created] = seen[0]!;
    expect(created[1]).toMatchObject({ id: sub.id, uri: topic });
    for (const [, args] of seen.slice(1)) expect(args).toEqual([s.id, sub.id]);
  });

  it('[event_history] wamp.subscription.get_events returns the events kept for a configured topic', async (ctx) => {
    const c = get();
    const s = await c.open();
    // Crossbar.io keeps the history its config asks for without announcing event_history.
    const why = c.target.name === 'crossbar' ? undefined : c.lacks(s, 'broker', 'event_history');
    if (why) skipWith(ctx, why);
    // Every router under test keeps the history of the prefix subscription "wampkit.history".
    const topic = `wampkit.history.${c.uri('h').replace(/\./g, '_')}`;
    // Crossbar.io keeps an event only when it reaches a subscriber (once per subscriber).
    const listener = await c.open();
    const heard = collector<unknown>(3);
    await listener.subscribe('wampkit.history', (a, _k, d) => d.topic === topic && heard.push(a[0]), { match: 'prefix' });
    for (const n of [1, 2, 3]) await s.publish(topic, [n], { n }, { acknowledge: true });
    await heard.done;
    const id = (await s.call('wamp.subscription.lookup', ['wampkit.history', { match: 'prefix' }])).args[0];
    expect(typeof id).toBe('number');
    // The spec's query is keyword arguments (newest first with reverse); Crossbar.io takes a
    // positional limit and always answers newest first.
    const answer = (c.target.name === 'crossbar'
      ? await s.call('wamp.subscription.get_events', [id, 10])
      : await s.call('wamp.subscription.get_events', [id], { limit: 10, reverse: true })).args;
    // The spec answers one list of events with lower-case keys; Nexus answers the events as
    // the positional results, keyed like its Go structs (Subscription, Arguments, …).
    const raw = (Array.isArray(answer[0]) ? answer[0] : answer) as Array<Record<string, unknown>>;
    const events = raw.map((e) => ({
      subscription: e['subscription'] ?? e['Subscription'],
      details: (e['details'] ?? e['Details'] ?? {}) as Record<string, unknown>,
      topic: e['topic'],
      args: (e['args'] ?? e['Arguments']) as number[],
      kwargs: (e['kwargs'] ?? e['ArgumentsKw']) as Record<string, unknown>,
    }));
    const mine = events.filter((e) => (e.topic ?? e.details['topic']) === topic);
    if (mine.length === 0 && c.target.name === 'nexus') {
      // Nexus pins the history subscription only until its last subscriber leaves; the topic's
      // next subscription gets a new id and no history. Seen here as an empty answer.
      skipWith(ctx, `nexus lacks event_history: the history ends with the topic's first subscription (subscription ${String(id)} has none)`);
    }
    // Order of occurrence, whichever order the router lists them in.
    expect(mine.map((e) => e.args[0]).sort()).toEqual([1, 2, 3]);
    for (const e of mine) {
      expect(e.kwargs).toEqual({ n: e.args[0] });
      if (e.subscription !== undefined) expect(e.subscription).toBe(id); // Crossbar.io leaves it out
    }
  });

  it('[testament_meta_api] a testament is published when its session ends; flushed ones are not', async (ctx) => {
    const c = get();
    const s = await c.open();
    const why = c.lacks(s, 'dealer', 'testament_meta_api');
    if (why) skipWith(ctx, why);
    const watcher = await c.open();
    const topic = c.uri('testament');
    const got = collector<unknown[]>(1);
    await watcher.subscribe(topic, (args) => got.push(args));
    await s.call('wamp.session.add_testament', [topic, ['detached-flushed'], {}], { scope: 'detached' });
    await s.call('wamp.session.add_testament', [topic, ['gone'], { who: 'me' }]);
    await s.call('wamp.session.flush_testaments', [], { scope: 'detached' });
    await s.close();
    expect(await got.done).toEqual([['gone']]);
  });

  it('[session_meta_api] session.meta: typed helpers read the same on every router', async (ctx) => {
    const c = get();
    const admin = await need(c, ctx, 'session_meta_api');
    const other = await c.open();
    const otherId = other.id!;
    expect(await admin.meta.session.list()).toContain(otherId);
    expect(await admin.meta.session.count()).toBeGreaterThanOrEqual(2);
    expect(await admin.meta.session.get(otherId)).toMatchObject({ session: otherId, authid: other.details['authid'] });
    const procedure = c.uri('typed');
    const reg = await other.register(procedure, () => 1);
    const rid = await admin.meta.registration.lookup(procedure);
    expect(rid).toBe(reg.id);
    expect(await admin.meta.registration.get(reg.id)).toMatchObject({ id: reg.id, uri: procedure, match: 'exact' });
    expect(await admin.meta.registration.listCallees(reg.id)).toEqual([otherId]);
    const topic = c.uri('typed-topic');
    const sub = await other.subscribe(topic, () => undefined);
    expect(await admin.meta.subscription.get(sub.id)).toMatchObject({ id: sub.id, uri: topic, match: 'exact' });
    expect(await admin.meta.subscription.match(topic)).toContain(sub.id);
    let left!: (id: number) => void;
    const leaving = new Promise<number>((resolve) => (left = resolve));
    await admin.meta.session.onLeave(({ session }) => session === otherId && left(session));
    await other.close();
    expect(await leaving).toBe(otherId);
  });

  it('[payload_passthru_mode] a passthru event and a passthru call reach wampkit unpacked', async (ctx) => {
    const c = get();
    const sub = await need(c, ctx, 'payload_passthru_mode');
    const why = c.lacks(sub, 'dealer', 'payload_passthru_mode');
    if (why) skipWith(ctx, why);
    const pub = await c.open();
    const topic = c.uri('ppt');
    let heard!: (v: [unknown[], Record<string, unknown>, unknown]) => void;
    const got = new Promise<[unknown[], Record<string, unknown>, unknown]>((r) => (heard = r));
    await sub.subscribe(topic, (a, k, d) => heard([a, k, d.passthru]));
    await pub.publish(topic, ['hello', 1], { k: true }, { acknowledge: true, passthru: { scheme: 'x_wampkit' } });
    const [args, kwargs, ppt] = await got;
    expect(args).toEqual(['hello', 1]);
    expect(kwargs).toEqual({ k: true });
    expect(ppt).toMatchObject({ scheme: 'x_wampkit', unpacked: true });
    const procedure = c.uri('ppt-call');
    await sub.register(procedure, (a) => (a[0] as number) * 2);
    const r = await pub.call(procedure, [21], {}, { passthru: { scheme: 'x_wampkit', serializer: 'json' } });
    expect(r.args).toEqual([42]);
    expect(r.passthru).toMatchObject({ scheme: 'x_wampkit', serializer: 'json' });
  });
}
