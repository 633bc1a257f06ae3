/**
 * Code a connect+call app does not carry comes with the role module, loaded on first use: the
 * packing of Payload Passthru Mode payloads and the offline queue. A request that needs it waits
 * for it in turn, so nothing made after it overtakes it. The caller here runs on a fresh copy of
 * wampkit's modules (`vi.resetModules()`), so the role module is not loaded yet when it calls,
 * as in an app's first moments.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import { RawClient } from '../router/raw-client.js';

let router: Router | undefined;
const sessions: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await router?.close();
  router = undefined;
});

/** A session of a fresh module graph, where nothing has loaded the role module yet. */
async function freshCaller(r: Router): Promise<{ session: Session; rolesLoaded: () => boolean }> {
  vi.resetModules();
  const fresh = (await import('../../src/index.js')) as typeof import('../../src/index.js');
  const session = await fresh.connect({ transport: r.connector(), realm: 'realm1', heartbeat: false });
  sessions.push(session);
  const { SessionRoles } = (await import('../../src/session/roles.js')) as typeof import('../../src/session/roles.js');
  const probe = new SessionRoles({} as never);
  return { session, rolesLoaded: () => probe.lazy !== undefined };
}

describe('code loaded with the role module', () => {
  it('a passthru call made before the role module is here waits for it; a plain call made next does not overtake it', async () => {
    router = new Router({ realms: ['realm1'] });
    const callee = await connect({ transport: router.connector(), realm: 'realm1', heartbeat: false });
    sessions.push(callee);
    const order: string[] = [];
    await callee.register('com.example.log', (args, _kwargs, ctx) => {
      order.push(ctx.passthru ? `passthru ${String(args[0])}` : `plain ${String(args[0])}`);
      return args[0];
    });
    const { session: caller, rolesLoaded } = await freshCaller(router);
    expect(rolesLoaded()).toBe(false);
    const first = caller.call('com.example.log', ['a'], {}, { passthru: { scheme: 'x_app' } });
    const second = caller.call('com.example.log', ['b']);
    const [r1, r2] = await Promise.all([first, second]);
    expect(rolesLoaded()).toBe(true);
    expect(order).toEqual(['passthru a', 'plain b']);
    expect(r1.args).toEqual(['a']);
    expect(r1.passthru).toMatchObject({ scheme: 'x_app', unpacked: true });
    expect(r2.args).toEqual(['b']);
  });

  it('a passthru RESULT that arrives before the role module is here waits for it, unpacked; what follows for the call stays behind it', async () => {
    router = new Router({ realms: ['realm1'] });
    const callee = await RawClient.join(router.connector());
    sessions.push({ close: async () => callee.close() });
    await callee.register('com.example.mixed');
    const { session: caller, rolesLoaded } = await freshCaller(router);
    expect(rolesLoaded()).toBe(false);
    const seen: string[] = [];
    // A plain call; its callee answers the first chunk in Payload Passthru Mode (a Result may choose its own mode).
    const result = caller.call('com.example.mixed', [], {}, { onProgress: (r) => seen.push(`${r.passthru ? 'passthru' : 'plain'} ${String(r.args[0])}`) });
    const invocation = await callee.nextOf(68);
    const id = invocation[1];
    callee.send([70, id, { progress: true, ppt_scheme: 'x_app', ppt_serializer: 'json' }, [JSON.stringify({ args: [1] })]]);
    callee.send([70, id, { progress: true }, [2]]);
    callee.send([70, id, {}, [3]]);
    const r = await result;
    expect(seen).toEqual(['passthru 1', 'plain 2']);
    expect(r.args).toEqual([3]);
    expect(rolesLoaded()).toBe(true);
  });

  it('an ERROR after a held passthru RESULT rejects the call after that result was delivered', async () => {
    router = new Router({ realms: ['realm1'] });
    const callee = await RawClient.join(router.connector());
    sessions.push({ close: async () => callee.close() });
    await callee.register('com.example.mixed');
    const { session: caller } = await freshCaller(router);
    const seen: string[] = [];
    const result = caller.call('com.example.mixed', [], {}, { onProgress: (r) => seen.push(`${r.passthru ? 'passthru' : 'plain'} ${String(r.args[0])}`) });
    const invocation = await callee.nextOf(68);
    callee.send([70, invocation[1], { progress: true, ppt_scheme: 'x_app', ppt_serializer: 'json' }, [JSON.stringify({ args: [1] })]]);
    callee.send([8, 68, invocation[1], {}, 'com.example.refused']);
    const e = await result.catch((x: unknown) => x);
    expect(seen).toEqual(['passthru 1']);
    expect(e).toMatchObject({ name: 'WampError', uri: 'com.example.refused' });
  });

  it('when the role module cannot be loaded, a call held behind a passthru RESULT rejects with why (it does not hang)', async () => {
    router = new Router({ realms: ['realm1'] });
    const callee = await RawClient.join(router.connector());
    sessions.push({ close: async () => callee.close() });
    await callee.register('com.example.mixed');
    vi.resetModules();
    vi.doMock('../../src/roles/lazy-roles.js', () => {
      throw new Error('chunk not reachable');
    });
    try {
      const fresh = (await import('../../src/index.js')) as typeof import('../../src/index.js');
      const caller = await fresh.connect({ transport: router.connector(), realm: 'realm1', heartbeat: false });
      sessions.push(caller);
      const result = caller.call('com.example.mixed', [], {}, { onProgress: () => undefined });
      const invocation = await callee.nextOf(68);
      callee.send([70, invocation[1], { progress: true, ppt_scheme: 'x_app', ppt_serializer: 'json' }, [JSON.stringify({ args: [1] })]]);
      callee.send([70, invocation[1], {}, [3]]);
      await expect(result).rejects.toMatchObject({ name: 'TransportError', message: expect.stringMatching(/could not load wampkit's Callee\/Publisher\/Subscriber code/) });
    } finally {
      vi.doUnmock('../../src/roles/lazy-roles.js');
    }
  });

  it('loading the role module installs the hand-written checks of EVENT, INVOCATION and RESULT; a session that only calls keeps the generic decode', async () => {
    router = new Router({ realms: ['realm1'] });
    const { session, rolesLoaded } = await freshCaller(router);
    const { SPECS_TO_CLIENT } = (await import('../../src/protocol/specs-to-client.js')) as typeof import('../../src/protocol/specs-to-client.js');
    const hot = (): unknown[] => [36, 68, 50].map((code) => SPECS_TO_CLIENT.get(code)!.fast);
    await expect(session.call('com.example.nobody')).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
    expect(rolesLoaded()).toBe(false);
    expect(hot()).toEqual([undefined, undefined, undefined]);
    const got: unknown[] = [];
    await session.subscribe('com.example.t', (args) => got.push(args[0]));
    expect(hot().every((f) => typeof f === 'function')).toBe(true);
    await session.publish('com.example.t', [7], {}, { acknowledge: true, exclude_me: false });
    await expect.poll(() => got).toEqual([7]);
  });

  it('a passthru call the caller gets wrong is still refused before anything is sent', async () => {
    router = new Router({ realms: ['realm1'] });
    const { session: caller } = await freshCaller(router);
    const e = await caller.call('com.example.log', [1], {}, { passthru: { scheme: 'x', payload: new Uint8Array([1]) } }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('UsageError');
    expect((e as Error).message).toMatch(/args and kwargs must be empty/);
    expect(caller.status.type).toBe('established');
  });

  it('a session with an offline queue loads the queue with the role module, and its bounds are checked at once', async () => {
    router = new Router({ realms: ['realm1'] });
    vi.resetModules();
    const fresh = (await import('../../src/index.js')) as typeof import('../../src/index.js');
    expect(() => new fresh.Session({ transport: router!.connector(), realm: 'realm1', offlineQueue: { maxCount: -1 } })).toThrow(/offlineQueue.maxCount/);
    const s = await fresh.connect({ transport: router.connector(), realm: 'realm1', heartbeat: false, offlineQueue: {} });
    sessions.push(s);
    expect(s.pending).toEqual([]);
    await expect(s.call('com.example.nobody')).rejects.toMatchObject({ name: 'WampError', uri: 'wamp.error.no_such_procedure' });
  });
});

describe('the heartbeat comes with the first established session', () => {
  it('when its code cannot be loaded, the run ends as a lost connection that says so (nothing hangs unwatched)', async () => {
    router = new Router({ realms: ['realm1'] });
    vi.resetModules();
    vi.doMock('../../src/util/heartbeat.js', () => {
      throw new Error('chunk not reachable');
    });
    try {
      const fresh = (await import('../../src/index.js')) as typeof import('../../src/index.js');
      const session = await fresh.connect({ transport: router.connector(), realm: 'realm1', heartbeat: { intervalMs: 1000, timeoutMs: 5000 } });
      sessions.push(session);
      const end = await session.closed();
      expect(end).toMatchObject({ kind: 'transport' });
      expect(end.reason).toMatch(/heartbeat's code failed to load/);
    } finally {
      vi.doUnmock('../../src/util/heartbeat.js');
    }
  });

});
