/**
 * `session.meta`: the typed Meta API against the embedded router. Every helper answers typed,
 * checked values; refusals are WampErrors; a malformed answer is a WampError naming the
 * procedure, never a crash; meta events reach typed handlers; the module loads on first use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, ticketAuth, WampError, type SessionDetails, type Session } from '../../src/index.js';
import { Router, staticAuthenticator } from '../../src/router/index.js';

let router: Router | undefined;
afterEach(() => router?.close());

function start(): Router {
  router = new Router({
    realms: ['realm1'],
    authenticate: staticAuthenticator({ ticket: { root: { ticket: 'root-secret', role: 'admin' } }, anonymousRole: 'anonymous' }),
    eventHistory: [{ uri: 'com.example.log', limit: 10 }],
  });
  return router;
}
const admin = (): Promise<Session> => connect({ transport: router!.connector(), realm: 'realm1', auth: ticketAuth('root', 'root-secret') });
const anon = (): Promise<Session> => connect({ transport: router!.connector(), realm: 'realm1' });

describe('session.meta', () => {
  it('sessions: count, list, get, join and leave events, kill, kill by authid and authrole', async () => {
    start();
    const a = await admin();
    const joined: SessionDetails[] = [];
    const left: number[] = [];
    await a.meta.session.onJoin((d) => void joined.push(d));
    let gone!: () => void;
    const leaving = new Promise<void>((resolve) => (gone = resolve));
    await a.meta.session.onLeave(({ session, authrole }) => {
      left.push(session);
      expect(authrole).toBe('anonymous');
      gone();
    });
    const x = await anon();
    expect(await a.meta.session.count()).toBe(2);
    expect(await a.meta.session.count(['anonymous'])).toBe(1);
    expect(await a.meta.session.list(['anonymous'])).toEqual([x.id]);
    const d = await a.meta.session.get(x.id!);
    expect(d).toMatchObject({ session: x.id, authrole: 'anonymous' });
    expect(joined.map((j) => j.session)).toContain(x.id);
    const xid = x.id!;
    await a.meta.session.kill(xid, { message: 'bye' });
    await leaving;
    expect(left).toEqual([xid]);
    expect(await x.closed()).toMatchObject({ message: 'bye' });
    const y = await anon();
    const z = await anon();
    const yid = y.id;
    expect(await a.meta.session.killByAuthid(String(y.details['authid']))).toEqual({ count: 1, sessions: [yid] });
    expect(await a.meta.session.killByAuthrole('anonymous')).toEqual({ count: 1, sessions: undefined });
    await z.closed();
    const err = await a.meta.session.get(123).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.no_such_session');
  });

  it('registrations and subscriptions: list, lookup, match, get, callees and subscribers, events', async () => {
    start();
    const a = await admin();
    const s = await anon();
    const events: string[] = [];
    const sid0 = s.id;
    await a.meta.registration.onCreate((sid, info) => void (sid === sid0 && events.push(`reg create ${info.uri} ${info.invoke}`)));
    await a.meta.registration.onRegister((sid) => void (sid === sid0 && events.push('reg register')));
    await a.meta.subscription.onCreate((sid, info) => void (sid === sid0 && events.push(`sub create ${info.uri} ${info.match}`)));
    let onDeleted!: () => void;
    const deleted = new Promise<void>((resolve) => (onDeleted = resolve));
    await a.meta.subscription.onDelete((sid) => sid === sid0 && onDeleted());
    const reg = await s.register('com.example.add', () => 1, { invoke: 'roundrobin' });
    const sub = await s.subscribe('com.example', () => undefined, { match: 'prefix' });
    expect((await a.meta.registration.list()).exact).toContain(reg.id);
    expect(await a.meta.registration.lookup('com.example.add')).toBe(reg.id);
    expect(await a.meta.registration.lookup('com.example.nothing')).toBeUndefined();
    expect(await a.meta.registration.match('com.example.add')).toBe(reg.id);
    expect(await a.meta.registration.get(reg.id)).toMatchObject({ id: reg.id, uri: 'com.example.add', match: 'exact', invoke: 'roundrobin' });
    expect(await a.meta.registration.listCallees(reg.id)).toEqual([s.id]);
    expect(await a.meta.registration.countCallees(reg.id)).toBe(1);
    expect((await a.meta.subscription.list()).prefix).toContain(sub.id);
    expect(await a.meta.subscription.lookup('com.example', 'prefix')).toBe(sub.id);
    expect(await a.meta.subscription.match('com.example.x')).toEqual([sub.id]);
    expect(await a.meta.subscription.get(sub.id)).toMatchObject({ id: sub.id, uri: 'com.example', match: 'prefix' });
    expect(await a.meta.subscription.listSubscribers(sub.id)).toEqual([s.id]);
    expect(await a.meta.subscription.countSubscribers(sub.id)).toBe(1);
    await sub.unsubscribe();
    await deleted;
    expect(events).toEqual(['reg create com.example.add roundrobin', 'reg register', 'sub create com.example prefix']);
  });

  it('event history and testaments', async () => {
    start();
    const a = await admin();
    const s = await anon();
    for (const n of [1, 2]) await s.publish('com.example.log', [n], { n }, { acknowledge: true });
    const id = await a.meta.subscription.lookup('com.example.log');
    const kept = await a.meta.subscription.getEvents(id!, { reverse: true });
    expect(kept.map((e) => [e.args, e.kwargs, e.topic, e.subscription])).toEqual([
      [[2], { n: 2 }, 'com.example.log', id],
      [[1], { n: 1 }, 'com.example.log', id],
    ]);
    let heard!: (args: unknown[]) => void;
    const got = new Promise<unknown[]>((resolve) => (heard = resolve));
    await a.subscribe('com.example.gone', (args) => heard(args));
    await s.meta.session.addTestament('com.example.gone', ['s left'], {}, { scope: 'detached' });
    await s.meta.session.addTestament('com.example.gone', ['flushed']);
    await s.meta.session.flushTestaments();
    await s.close();
    expect(await got).toEqual(['s left']);
  });

  it('refusals are WampErrors; the default authorizer keeps the meta API for admins', async () => {
    start();
    const s = await anon();
    const err = await s.meta.session.list().catch((e: unknown) => e);
    expect(err).toMatchObject({ uri: 'wamp.error.not_authorized' });
    expect(err).toBeInstanceOf(WampError);
  });

  it('a malformed meta answer is a WampError naming the procedure; a malformed meta event is not delivered', async () => {
    const { createMeta } = await import('../../src/meta/meta.js');
    const lying = { call: async () => ({ args: ['seven'], kwargs: {} }) } as unknown as Session;
    const bad = await createMeta(lying).session.count().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WampError);
    expect((bad as WampError).uri).toBe('wampkit.error.invalid_meta_result');
    expect((bad as WampError).message).toMatch(/wamp\.session\.count/);
    // Nexus reports an exact match policy as '': normalized.
    const nexusish = { call: async () => ({ args: [{ id: 5, created: 'now', uri: 'a.b', match: '' }], kwargs: {} }) } as unknown as Session;
    expect(await createMeta(nexusish).subscription.get(5)).toMatchObject({ match: 'exact' });
    // A meta event of the wrong shape is dropped, the next good one delivered.
    start();
    const a = await admin();
    const seen: number[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    await a.meta.session.onLeave(({ session }) => {
      seen.push(session);
      delivered();
    });
    router!.realm('realm1').publish('wamp.session.on_leave', ['garbage']);
    router!.realm('realm1').publish('wamp.session.on_leave', [42, 'who', 'role']);
    await done;
    expect(seen).toEqual([42]);
  });
});
