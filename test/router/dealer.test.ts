import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WampError } from '../../src/errors.js';
import { Router } from '../../src/router/index.js';
import { RawClient, type Msg } from './raw-client.js';

const CALL = 48;
const RESULT = 50;
const ERROR = 8;
const INVOCATION = 68;

describe('dealer', () => {
  let router: Router;
  let caller: RawClient;
  beforeEach(async () => {
    router = new Router({ info: false });
    caller = await RawClient.join(router.connector());
  });
  afterEach(async () => {
    await router.close();
  });

  const join = (serializer: 'json' | 'msgpack' = 'json', roles?: object): Promise<RawClient> =>
    RawClient.join(router.connector(), roles ? { serializer, roles } : { serializer });
  const call = (procedure: string, args?: unknown[], kwargs?: object, options: object = {}): number => {
    const id = caller.id();
    const m: Msg = [CALL, id, options, procedure];
    if (args) m.push(args);
    if (kwargs) m.push(kwargs);
    caller.send(m);
    return id;
  };
  const callError = (req: number): Promise<Msg> => caller.next((m) => m[0] === ERROR && m[1] === CALL && m[2] === req);

  it('routes CALL → INVOCATION → YIELD → RESULT with args and kwargs untouched', async () => {
    for (const serializer of ['json', 'msgpack'] as const) {
      const callee = await join(serializer);
      const reg = await callee.register(`com.example.add.${serializer}`);
      const bytes = new Uint8Array([1, 2, 3]);
      const req = call(`com.example.add.${serializer}`, [2, 3, bytes, { deep: [null] }], { k: 'v', b: bytes });
      const inv = await callee.nextOf(INVOCATION);
      expect(inv[2]).toBe(reg);
      expect(inv[3]).toEqual({});
      expect(inv[4]).toEqual([2, 3, bytes, { deep: [null] }]);
      expect(inv[5]).toEqual({ k: 'v', b: bytes });
      callee.send([70, inv[1], {}, [5], { sum: 5, b: bytes }]);
      const res = await caller.nextOf(RESULT, req);
      expect(res).toEqual([RESULT, req, {}, [5], { sum: 5, b: bytes }]);
    }
  });

  it('forwards an ERROR from the callee with uri, args and kwargs intact', async () => {
    const callee = await join();
    await callee.register('com.example.fail');
    const req = call('com.example.fail');
    const inv = await callee.nextOf(INVOCATION);
    callee.send([ERROR, INVOCATION, inv[1], { x: 1 }, 'com.example.error.bad', ['why', 2], { code: 42 }]);
    const err = await callError(req);
    expect(err).toEqual([ERROR, CALL, req, { x: 1 }, 'com.example.error.bad', ['why', 2], { code: 42 }]);
  });

  it('answers wamp.error.no_such_procedure when nobody registered it', async () => {
    const req = call('com.example.nobody');
    expect((await callError(req))[4]).toBe('wamp.error.no_such_procedure');
  });

  it('UNREGISTER: UNREGISTERED, then no_such_registration', async () => {
    const callee = await join();
    const reg = await callee.register('com.example.x');
    const r1 = callee.id();
    callee.send([66, r1, reg]);
    expect(await callee.nextOf(67, r1)).toEqual([67, r1]);
    const r2 = callee.id();
    callee.send([66, r2, reg]);
    expect((await callee.nextOf(ERROR, r2, 2))[4]).toBe('wamp.error.no_such_registration');
    expect((await callError(call('com.example.x')))[4]).toBe('wamp.error.no_such_procedure');
  });

  it('refuses a second single registration and a mismatched invoke policy', async () => {
    const a = await join();
    const b = await join();
    await a.register('com.example.single');
    await expect(b.register('com.example.single')).rejects.toThrow(/procedure_already_exists/);
    await a.register('com.example.shared', { invoke: 'roundrobin' });
    await expect(b.register('com.example.shared', { invoke: 'first' })).rejects.toThrow(/procedure_already_exists/);
    await expect(b.register('com.example.shared')).rejects.toThrow(/procedure_already_exists/);
    await expect(b.register('com.example.shared', { invoke: 'roundrobin' })).resolves.toBeTypeOf('number');
    await expect(b.register('com.example.single', { match: 'prefix' })).resolves.toBeTypeOf('number');
    await expect(b.register('wamp.session.count')).rejects.toThrow(/invalid_uri/);
  });

  async function sharedCallees(invoke: string, n = 3): Promise<{ callees: RawClient[]; reg: number }> {
    const callees: RawClient[] = [];
    let reg = 0;
    for (let i = 0; i < n; i++) {
      const c = await join();
      reg = await c.register(`com.example.${invoke}`, { invoke });
      callees.push(c);
    }
    return { callees, reg };
  }

  /** Which callee (index) gets each of `k` calls. */
  async function route(callees: RawClient[], procedure: string, k: number): Promise<number[]> {
    const order: number[] = [];
    for (let i = 0; i < k; i++) {
      const req = call(procedure, [i]);
      await caller.sync(); // the INVOCATION has reached its callee once the barrier returns
      const idx = callees.findIndex((c) => c.pending.some((m) => m[0] === INVOCATION));
      expect(idx).toBeGreaterThanOrEqual(0);
      const winner = callees[idx]!;
      const inv = await winner.nextOf(INVOCATION);
      order.push(idx);
      winner.send([70, inv[1], {}]);
      await caller.nextOf(RESULT, req);
    }
    return order;
  }

  it('shared registration: roundrobin in order of registration, first, last, random', async () => {
    const rr = await sharedCallees('roundrobin');
    const ids = new Set(rr.callees.map(() => rr.reg));
    expect(ids.size).toBe(1);
    expect(await route(rr.callees, 'com.example.roundrobin', 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    const first = await sharedCallees('first');
    expect(await route(first.callees, 'com.example.first', 3)).toEqual([0, 0, 0]);
    const last = await sharedCallees('last');
    expect(await route(last.callees, 'com.example.last', 3)).toEqual([2, 2, 2]);
    // Hot stand-by: the first one leaves, the next one takes over.
    first.callees[0]!.close();
    await first.callees[0]!.closed;
    expect(await route(first.callees.slice(1), 'com.example.first', 2)).toEqual([0, 0]);
    const random = await sharedCallees('random', 2);
    const seen = await route(random.callees, 'com.example.random', 4);
    expect(seen.every((i) => i === 0 || i === 1)).toBe(true);
  });

  it('pattern-based registration: exact over longest prefix over wildcard, with details.procedure', async () => {
    const exact = await join();
    const shortP = await join();
    const longP = await join();
    const wild = await join();
    await exact.register('com.example.a.b.c');
    await shortP.register('com.example', { match: 'prefix' });
    await longP.register('com.example.a', { match: 'prefix' });
    await wild.register('com..a.b.c', { match: 'wildcard' });
    const cases: [string, RawClient, boolean][] = [
      ['com.example.a.b.c', exact, false],
      ['com.example.a.x', longP, true],
      ['com.example.z', shortP, true],
      ['com.other.a.b.c', wild, true],
    ];
    for (const [procedure, who, pattern] of cases) {
      const req = call(procedure);
      const inv = await who.nextOf(INVOCATION);
      expect(inv[3]).toEqual(pattern ? { procedure } : {});
      who.send([70, inv[1], {}, [procedure]]);
      expect((await caller.nextOf(RESULT, req))[3]).toEqual([procedure]);
    }
  });

  it('discloses the caller when it asks, or when the callee registered with disclose_caller', async () => {
    const callee = await join();
    await callee.register('com.example.who');
    call('com.example.who', [], undefined, { disclose_me: true });
    const inv = await callee.nextOf(INVOCATION);
    expect(inv[3]).toEqual({ caller: caller.sessionId, caller_authid: 'anonymous', caller_authrole: 'anonymous' });
    const c2 = await join();
    await c2.register('com.example.who2', { disclose_caller: true });
    call('com.example.who2');
    expect((await c2.nextOf(INVOCATION))[3]).toMatchObject({ caller: caller.sessionId });
    call('com.example.who');
    expect((await callee.nextOf(INVOCATION))[3]).toEqual({});
  });

  it('revokes a registration, telling callees that announced registration_revocation', async () => {
    const callee = await join();
    const reg = await callee.register('com.example.revoked');
    const realm = router.realm('realm1');
    expect(realm.revokeRegistration(reg, 'moving endpoint')).toBe(true);
    expect(await callee.nextOf(67, 0)).toEqual([67, 0, { registration: reg, reason: 'moving endpoint' }]);
    expect(realm.revokeRegistration(reg)).toBe(false);
    expect((await callError(call('com.example.revoked')))[4]).toBe('wamp.error.no_such_procedure');
    // A callee that did not announce the feature is not told.
    const quiet = await join('json', { callee: {} });
    const reg2 = await quiet.register('com.example.quiet');
    realm.revokeRegistration(reg2);
    await quiet.sync();
    expect(quiet.pending).toEqual([]);
  });

  it('routes CALLs to router-internal procedures', async () => {
    const realm = router.realm('realm1');
    const off = realm.registerInternal('com.example.internal.add', (args, kwargs, details) => {
      if (args.length === 0) throw new WampError('com.example.error.empty', { args: ['no args'], kwargs: { n: 0 } });
      return { args: [Number(args[0]) + Number(args[1])], kwargs: { caller: details.caller } };
    });
    const req = call('com.example.internal.add', [2, 3]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, {}, [5], { caller: caller.sessionId }]);
    const bad = call('com.example.internal.add');
    expect(await callError(bad)).toEqual([ERROR, CALL, bad, {}, 'com.example.error.empty', ['no args'], { n: 0 }]);
    realm.registerInternal('com.example.internal.boom', () => Promise.reject(new Error('kaput')));
    const boom = call('com.example.internal.boom');
    expect((await callError(boom)).slice(4)).toEqual(['wamp.error.runtime_error', ['kaput']]);
    const callee = await join();
    await expect(callee.register('com.example.internal.add')).rejects.toThrow(/procedure_already_exists/);
    expect(() => realm.registerInternal('com.example.internal.add', () => undefined)).toThrow();
    off();
    expect((await callError(call('com.example.internal.add')))[4]).toBe('wamp.error.no_such_procedure');
  });
});
