/**
 * Access control of the embedded router: `wamp.*` (the meta API, `wamp.session.kill` included)
 * is for admin roles and the router's own sessions by default; a permission table decides per
 * role and URI, with disclosure rules; an `authorize` hook (sync or async) has the last word,
 * and the order of a session's messages is kept while it decides.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, ticketAuth, WampError, type Session } from '../../src/index.js';
import { Router, staticAuthenticator, type RouterOptions } from '../../src/router/index.js';

let router: Router | undefined;
afterEach(() => router?.close());

const principals = staticAuthenticator({
  ticket: {
    root: { ticket: 'root-secret', role: 'admin' },
    lamp: { ticket: 'lamp-secret', role: 'device' },
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

describe('wamp.* is admin-only by default', () => {
  it('an anonymous session cannot list, get or kill sessions, nor subscribe to meta events', async () => {
    start();
    const anon = await as();
    const other = await as();
    expect(await refusal(anon.call('wamp.session.list'))).toBe('wamp.error.not_authorized');
    expect(await refusal(anon.call('wamp.session.get', [other.id]))).toBe('wamp.error.not_authorized');
    expect(await refusal(anon.call('wamp.session.kill', [other.id]))).toBe('wamp.error.not_authorized');
    expect(await refusal(anon.subscribe('wamp.session.on_join', () => undefined))).toBe('wamp.error.not_authorized');
    expect(other.status.type).toBe('established');
  });

  it('an admin role may list and kill; the router\'s internal session is trusted too', async () => {
    start();
    const admin = await as('root');
    const victim = await as();
    expect((await admin.call('wamp.session.list')).args[0]).toContain(victim.id);
    await admin.call('wamp.session.kill', [victim.id], { reason: 'com.example.bye' });
    expect(await victim.closed()).toMatchObject({ type: 'closed', reason: 'com.example.bye' });
    const internal = await router!.internalSession('realm1');
    expect((await internal.call('wamp.session.count')).args[0]).toBeGreaterThanOrEqual(1);
  });
});

describe('a permission table', () => {
  const permissions: RouterOptions['permissions'] = {
    device: [{ uri: 'home.', match: 'prefix', allow: { register: true, publish: true } }],
    dashboard: [
      { uri: 'home.', match: 'prefix', allow: { call: true, subscribe: true }, disclose: { caller: true } },
      { uri: 'home.secret', allow: {} },
    ],
    anonymous: [],
  };

  it('allows what each role is given, refuses the rest, the most specific rule winning', async () => {
    start({ permissions });
    const lamp = await as('lamp');
    const panel = await as('panel');
    const anon = await as();
    let seenCaller: unknown;
    await lamp.register('home.light', (_a, _k, ctx) => {
      seenCaller = ctx.callerAuthid;
      return 'on';
    });
    expect((await panel.call('home.light')).args).toEqual(['on']);
    expect(seenCaller).toBe('panel'); // disclosure rule of the dashboard role
    expect(await refusal(lamp.call('home.light'))).toBe('wamp.error.not_authorized');
    expect(await refusal(panel.register('home.other', () => 1))).toBe('wamp.error.not_authorized');
    expect(await refusal(panel.call('home.secret'))).toBe('wamp.error.not_authorized');
    expect(await refusal(anon.call('home.light'))).toBe('wamp.error.not_authorized');
    expect(await refusal(anon.register('com.bank', () => 1, { match: 'prefix' }))).toBe('wamp.error.not_authorized');
    expect(await refusal(lamp.publish('home.light.state', [true], {}, { acknowledge: true }))).toBeUndefined();
    expect(await refusal(anon.publish('home.light.state', [true], {}, { acknowledge: true }))).toBe('wamp.error.not_authorized');
  });
});

describe('an authorize hook', () => {
  it('refuses what it rejects (async too), and keeps the order of a session\'s messages while deciding', async () => {
    const asked: string[] = [];
    start({
      authorize: async (subject, action, uri) => {
        asked.push(`${action} ${uri}`);
        await new Promise((r) => setTimeout(r, 5));
        return !uri.startsWith('com.bank');
      },
    });
    const s = await as();
    expect(await refusal(s.register('com.bank.balance', () => 1))).toBe('wamp.error.not_authorized');
    const got: unknown[] = [];
    // subscribe then publish without awaiting: the publish must not overtake the subscribe.
    const sub = s.subscribe('com.example.t', (a) => void got.push(a[0]));
    const pub = s.publish('com.example.t', ['first'], {}, { acknowledge: true, exclude_me: false });
    await Promise.all([sub, pub]);
    await s.call('wampkit.router.info');
    expect(got).toEqual(['first']);
    expect(asked).toEqual(['register com.bank.balance', 'subscribe com.example.t', 'publish com.example.t', 'call wampkit.router.info']);
  });
});

describe('credentials', () => {
  it('principals are own properties only: __proto__ or constructor as authid never authenticates', async () => {
    start();
    for (const authid of ['__proto__', 'constructor', 'toString']) {
      const err = await connect({ transport: router!.connector(), realm: 'realm1', auth: ticketAuth(authid, 'x') }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'AuthenticationError' });
    }
  });

  it('an unknown authid and a wrong ticket fail alike (no telling which principals exist)', async () => {
    start();
    const unknown = await connect({ transport: router!.connector(), realm: 'realm1', auth: ticketAuth('nobody', 'x') }).catch((e: unknown) => e);
    const wrong = await connect({ transport: router!.connector(), realm: 'realm1', auth: ticketAuth('root', 'x') }).catch((e: unknown) => e);
    expect((unknown as { reason: string }).reason).toBe((wrong as { reason: string }).reason);
    expect((await as('root')).status.type).toBe('established');
  });
});
