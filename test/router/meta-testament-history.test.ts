/**
 * The rest of the embedded router's meta API: kill_by_authrole and kill_all, testaments (bounded,
 * checked against the session's publish rights, open to every session by default since they act
 * on the caller alone), and event history (bounded in count and bytes, pinned, session-based
 * black/white lists not kept, authid/authrole lists applied to the reader, announced only when
 * configured).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, ticketAuth, WampError, type Session } from '../../src/index.js';
import { Router, staticAuthenticator, type RouterOptions } from '../../src/router/index.js';
import { TestRouter } from '../../src/testing/index.js';

let router: Router | undefined;
let testRouter: TestRouter | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
  await testRouter?.router.close();
  testRouter = undefined;
});

const principals = staticAuthenticator({
  ticket: {
    root: { ticket: 'root-secret', role: 'admin' },
    lamp: { ticket: 'lamp-secret', role: 'device' },
    lamp2: { ticket: 'lamp2-secret', role: 'device' },
    panel: { ticket: 'panel-secret', role: 'dashboard' },
  },
  anonymousRole: 'anonymous',
});

function start(options: RouterOptions = {}): Router {
  router = new Router({ realms: ['realm1'], authenticate: principals, ...options });
  return router;
}
const as = (who?: string): Promise<Session> =>
  connect({ transport: router!.connector(), realm: 'realm1', ...(who ? { auth: ticketAuth(who, `${who}-secret`) } : {}) });
const refusal = (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof WampError ? e.uri : String(e)));

describe('kill_by_authrole and kill_all', () => {
  it('kill_by_authrole closes every session of the role but the caller and answers the count', async () => {
    start();
    const admin = await as('root');
    const a = await as('lamp');
    const b = await as('lamp2');
    const panel = await as('panel');
    expect((await admin.call('wamp.session.kill_by_authrole', ['device'], { message: 'firmware' })).args).toEqual([2]);
    expect(await a.closed()).toMatchObject({ reason: 'wamp.close.killed', message: 'firmware' });
    expect(await b.closed()).toMatchObject({ reason: 'wamp.close.killed' });
    expect(panel.status.type).toBe('established');
    expect(await refusal(admin.call('wamp.session.kill_all', [], { reason: 'not a uri!' }))).toBe('wamp.error.invalid_uri');
    expect((await admin.call('wamp.session.kill_all')).args).toEqual([1]);
    expect(await panel.closed()).toMatchObject({ reason: 'wamp.close.killed' });
    expect(admin.status.type).toBe('established');
  });
});

describe('testaments', () => {
  it('with a table, the table decides; a testament is checked against the session\'s publish rights and published, in order, when the session is lost', async () => {
    const deviceRules = [{ uri: 'home.', match: 'prefix' as const, allow: { publish: true } }];
    const dashboard = [{ uri: 'home.', match: 'prefix' as const, allow: { subscribe: true } }];
    start({ permissions: { device: deviceRules, dashboard } });
    const lamp0 = await as('lamp');
    expect(await refusal(lamp0.call('wamp.session.add_testament', ['home.lamp.gone', [], {}]))).toBe('wamp.error.not_authorized');
    await router!.close();
    router = undefined;
    testRouter = new TestRouter({
      realms: ['realm1'],
      authenticate: principals,
      permissions: { device: [...deviceRules, { uri: 'wamp.session.add_testament', allow: { call: true } }], dashboard },
    });
    const link = (who: string) =>
      connect({ transport: testRouter!.connector(who), realm: 'realm1', auth: ticketAuth(who, `${who}-secret`), reconnect: false });
    const lamp = await link('lamp');
    const panel = await link('panel');
    let resolveHeard!: (v: unknown[]) => void;
    const heard = new Promise<unknown[]>((resolve) => (resolveHeard = resolve));
    const seen: unknown[] = [];
    await panel.subscribe('home.lamp.gone', (args) => {
      seen.push(args[0]);
      if (seen.length === 2) resolveHeard(seen);
    });
    await lamp.call('wamp.session.add_testament', ['home.lamp.gone', ['destroyed'], {}]);
    await lamp.call('wamp.session.add_testament', ['home.lamp.gone', ['detached'], {}], { scope: 'detached' });
    expect(await refusal(lamp.call('wamp.session.add_testament', ['home.other', [], {}], { scope: 'sometime' }))).toBe('wamp.error.invalid_argument');
    expect(await refusal(lamp.call('wamp.session.add_testament', ['wamp.session.on_leave', [], {}]))).toBe('wamp.error.invalid_uri');
    expect(await refusal(lamp.call('wamp.session.add_testament', ['office.gone', [], {}]))).toBe('wamp.error.not_authorized');
    // A lost transport (no GOODBYE) publishes them: detached first, then destroyed.
    testRouter.lastLinkOf('lamp')!.sever();
    expect(await heard).toEqual(['detached', 'destroyed']);
    await panel.close();
  });

  it('without a table every session may leave testaments; a session may leave at most maxTestaments', async () => {
    start({ limits: { maxTestaments: 2 } });
    const s = await as();
    await s.call('wamp.session.add_testament', ['com.example.bye', [1], {}]);
    await s.call('wamp.session.add_testament', ['com.example.bye', [2], {}], { scope: 'detached' });
    expect(await refusal(s.call('wamp.session.add_testament', ['com.example.bye', [3], {}]))).toBe('wamp.error.invalid_argument');
    await s.call('wamp.session.flush_testaments', [], { scope: 'detached' });
    // Bounded in bytes too (maxTestamentBytes, default 64 KiB).
    expect(await refusal(s.call('wamp.session.add_testament', ['com.example.bye', ['x'.repeat(70_000)], {}]))).toBe('wamp.error.invalid_argument');
    await s.call('wamp.session.add_testament', ['com.example.bye', [3], {}]);
    const watcher = await as();
    const got: unknown[] = [];
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await watcher.subscribe('com.example.bye', (a) => {
      got.push(a[0]);
      if (got.length === 2) resolveDone();
    });
    await s.close();
    await done;
    expect(got).toEqual([1, 3]);
  });
});

describe('event history', () => {
  const history: RouterOptions['eventHistory'] = [{ uri: 'home.log', match: 'prefix', limit: 3 }];

  it('is announced only when configured', async () => {
    start();
    const s = await as();
    const features = (s.details['roles'] as Record<string, { features: Record<string, unknown> }>)['broker']!.features;
    expect(features['event_history']).toBeUndefined();
    expect(features['subscription_meta_api']).toBe(true);
  });

  it('keeps the newest events of a configured topic with nobody subscribed, within its limit, and answers queries', async () => {
    start({ eventHistory: history });
    const admin = await as('root');
    expect((admin.details['roles'] as Record<string, { features: Record<string, unknown> }>)['broker']!.features['event_history']).toBe(true);
    const pub = await as('lamp');
    const ids: number[] = [];
    for (const n of [1, 2, 3, 4]) ids.push((await pub.publish(`home.log.t${n % 2}`, [n], {}, { acknowledge: true }))!);
    const id = (await admin.call('wamp.subscription.lookup', ['home.log', { match: 'prefix' }])).args[0] as number;
    const all = (await admin.call('wamp.subscription.get_events', [id])).args[0] as Array<Record<string, unknown>>;
    expect(all.map((e) => (e['args'] as number[])[0])).toEqual([2, 3, 4]);
    expect(all[0]).toMatchObject({ subscription: id, publication: ids[1], topic: 'home.log.t0' });
    const q = async (kwargs: Record<string, unknown>) =>
      ((await admin.call('wamp.subscription.get_events', [id], kwargs)).args[0] as Array<{ args: number[] }>).map((e) => e.args[0]);
    expect(await q({ reverse: true, limit: 2 })).toEqual([4, 3]);
    expect(await q({ topic: 'home.log.t1' })).toEqual([3]);
    expect(await q({ after_publication: ids[1] })).toEqual([3, 4]);
    expect(await q({ until_publication: ids[2] })).toEqual([2, 3]);
    expect(await q({ after_time: '2999-01-01T00:00:00Z' })).toEqual([]);
    expect(await refusal(admin.call('wamp.subscription.get_events', [123]))).toBe('wamp.error.no_such_subscription');
  });

  it('does not keep session-filtered events, applies authid/authrole lists to the reader, and bounds bytes', async () => {
    start({ eventHistory: history, limits: { maxHistoryBytes: 2000 } });
    const admin = await as('root');
    const pub = await as('lamp');
    await pub.publish('home.log.a', ['for one session'], {}, { acknowledge: true, eligible: [admin.id!] });
    await pub.publish('home.log.a', ['not for admins'], {}, { acknowledge: true, exclude_authrole: ['admin'] });
    await pub.publish('home.log.a', ['big'.repeat(1000)], {}, { acknowledge: true });
    await pub.publish('home.log.a', ['small'], {}, { acknowledge: true });
    const id = (await admin.call('wamp.subscription.lookup', ['home.log', { match: 'prefix' }])).args[0] as number;
    const seen = ((await admin.call('wamp.subscription.get_events', [id])).args[0] as Array<{ args: string[] }>).map((e) => e.args[0]);
    expect(seen).toEqual(['small']); // the big one is larger than the byte bound; the filtered one is hidden
    const internal = await router!.internalSession('realm1');
    const all = ((await internal.call('wamp.subscription.get_events', [id])).args[0] as Array<{ args: string[] }>).map((e) => e.args[0]);
    expect(all).toEqual(['not for admins', 'small']);
  });
});
