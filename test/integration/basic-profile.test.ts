/**
 * The Basic Profile end to end against the embedded router, over WebSocket and in-process, with
 * JSON and MessagePack.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Result, SessionClosedError, WampError } from '../../src/index.js';
import { VARIANTS, deferred, startFixture, type Fixture } from './harness.js';

describe.each(VARIANTS)('Basic Profile over $name', (variant) => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture(variant);
  });
  afterEach(async () => {
    await fx.stop();
  });

  it('negotiates the requested serializer and gets a session id', async () => {
    const s = await fx.open();
    expect(s.protocol).toBe(`wamp.2.${variant.serializer}`);
    expect(s.id).toBeGreaterThan(0);
    expect(s.status.type).toBe('established');
  });

  it('call / register / unregister', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    const reg = await callee.register('com.example.add', (args) => (args[0] as number) + (args[1] as number));
    expect((await caller.call('com.example.add', [2, 3])).args).toEqual([5]);
    await reg.unregister();
    expect(reg.active).toBe(false);
    await expect(caller.call('com.example.add', [2, 3])).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
  });

  it('a handler returning Result sends args and kwargs; context tells the procedure', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    await callee.register('com.example.split', (args, kwargs, ctx) => new Result(String(args[0]).split(' '), { ...kwargs, procedure: ctx.procedure }));
    const r = await caller.call('com.example.split', ['a b c'], { n: 1 });
    expect(r.args).toEqual(['a', 'b', 'c']);
    expect(r.kwargs).toEqual({ n: 1, procedure: 'com.example.split' });
  });

  it('payloads of every JSON type and binary survive a call', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    await callee.register('com.example.echo', (args, kwargs) => new Result(args, kwargs));
    const args = [null, true, false, 0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 1.5, '', 'häßlich ☃ 𝄞 😀', [], {}, [1, [2, [3]]], { a: { b: { c: [1, 'x'] } } }];
    const kwargs = { unicode: '日本語', nested: { list: [1, 2, { deep: true }] }, bytes: new Uint8Array([0, 1, 2, 255]) };
    const r = await caller.call('com.example.echo', args, kwargs);
    expect(r.args).toEqual(args);
    expect(r.kwargs['unicode']).toBe('日本語');
    expect(r.kwargs['nested']).toEqual(kwargs.nested);
    expect(Array.from(r.kwargs['bytes'] as Uint8Array)).toEqual([0, 1, 2, 255]);
  });

  it('error propagation keeps uri, args and kwargs intact', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    await callee.register('com.example.fail', () => {
      throw new WampError('com.example.error.bad_input', { args: ['bad', 42], kwargs: { field: 'x', nested: { ok: false } } });
    });
    const err = await caller.call('com.example.fail').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect(err).toMatchObject({ uri: 'com.example.error.bad_input', args: ['bad', 42], kwargs: { field: 'x', nested: { ok: false } } });
  });

  it('a handler throwing a plain Error sends runtime_error without a stack trace', async () => {
    const errors: unknown[] = [];
    const callee = await fx.open({ onError: (e) => errors.push(e) });
    const caller = await fx.open();
    await callee.register('com.example.crash', () => {
      throw new TypeError('boom');
    });
    const err = (await caller.call('com.example.crash').catch((e: unknown) => e)) as WampError;
    expect(err.uri).toBe('wamp.error.runtime_error');
    expect(err.args).toEqual(['boom']);
    expect(JSON.stringify([err.args, err.kwargs])).not.toMatch(/at .*\.ts|TypeError/);
    expect(errors).toHaveLength(1);
  });

  it('an async handler that rejects is reported as an ERROR too', async () => {
    const callee = await fx.open({ onError: () => undefined });
    const caller = await fx.open();
    await callee.register('com.example.async_fail', async () => {
      await Promise.resolve();
      throw new WampError('com.example.error.later');
    });
    await expect(caller.call('com.example.async_fail')).rejects.toMatchObject({ uri: 'com.example.error.later' });
  });

  it('wamp.error.no_such_procedure for an unregistered procedure', async () => {
    const caller = await fx.open();
    const err = await caller.call('com.example.nothing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.no_such_procedure');
  });

  it('a second registration of the same procedure is refused', async () => {
    const a = await fx.open();
    const b = await fx.open();
    await a.register('com.example.once', () => 1);
    await expect(b.register('com.example.once', () => 2)).rejects.toMatchObject({ uri: 'wamp.error.procedure_already_exists' });
  });

  it('publish / subscribe / unsubscribe', async () => {
    const sub = await fx.open();
    const pub = await fx.open();
    const got = deferred<{ args: unknown[]; kwargs: Record<string, unknown>; topic: string }>();
    const subscription = await sub.subscribe('com.example.temp', (args, kwargs, d) => got.resolve({ args, kwargs, topic: d.topic }));
    await pub.publish('com.example.temp', [21.5], { unit: 'C' }, { acknowledge: true });
    expect(await got.promise).toEqual({ args: [21.5], kwargs: { unit: 'C' }, topic: 'com.example.temp' });
    await subscription.unsubscribe();
    // After unsubscribing, an acknowledged publish reaches nobody: a second subscriber proves order.
    const other = deferred<unknown[]>();
    await pub.subscribe('com.example.temp', (args) => other.resolve(args));
    let stale = 0;
    await sub.subscribe('com.example.other', () => stale++);
    await sub.publish('com.example.temp', [99], {}, { acknowledge: true });
    expect(await other.promise).toEqual([99]);
    expect(stale).toBe(0);
  });

  it('several local handlers share one router subscription; the last unsubscribe sends UNSUBSCRIBE', async () => {
    const sub = await fx.open();
    const pub = await fx.open();
    const seen: string[] = [];
    let both = deferred<void>();
    const h1 = await sub.subscribe('com.example.shared', (a) => {
      seen.push(`h1:${String(a[0])}`);
      if (seen.length % 2 === 0) both.resolve();
    });
    const h2 = await sub.subscribe('com.example.shared', (a) => {
      seen.push(`h2:${String(a[0])}`);
      if (seen.length % 2 === 0) both.resolve();
    });
    expect(h1.id).toBe(h2.id);
    await pub.publish('com.example.shared', [1]);
    await both.promise;
    expect(seen.sort()).toEqual(['h1:1', 'h2:1']);
    await h1.unsubscribe();
    expect(fx.router.realm('realm1')!.subscriptionCount).toBe(1);
    await h2.unsubscribe();
    expect(fx.router.realm('realm1')!.subscriptionCount).toBe(0);
  });

  it('a throwing event handler does not stop other handlers and is reported', async () => {
    const errors: unknown[] = [];
    const sub = await fx.open({ onError: (e) => errors.push(e) });
    const pub = await fx.open();
    const got = deferred<unknown[]>();
    await sub.subscribe('com.example.t', () => {
      throw new Error('handler bug');
    });
    await sub.subscribe('com.example.t', (a) => got.resolve(a));
    await pub.publish('com.example.t', ['x']);
    expect(await got.promise).toEqual(['x']);
    expect(errors).toHaveLength(1);
  });

  it('router-initiated GOODBYE closes the session and rejects what is outstanding', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    const invoked = deferred<void>();
    await callee.register('com.example.slow', () => {
      invoked.resolve();
      return new Promise(() => undefined);
    });
    const pending = caller.call('com.example.slow').catch((e: unknown) => e);
    await invoked.promise;
    const closed = caller.closed();
    await fx.router.close();
    expect(await pending).toBeInstanceOf(SessionClosedError);
    expect(await closed).toMatchObject({ type: 'closed', reason: 'wamp.close.system_shutdown' });
    expect(caller.status.type).toBe('closed');
  });

  it('the transport dropped mid-call rejects the caller with SessionClosedError', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    const invoked = deferred<void>();
    await callee.register('com.example.hang', () => {
      invoked.resolve();
      return new Promise(() => undefined);
    });
    const pending = caller.call('com.example.hang').catch((e: unknown) => e);
    await invoked.promise;
    fx.router.dropSession(caller.id!);
    const err = await pending;
    expect(err).toBeInstanceOf(SessionClosedError);
    expect((await caller.closed()).type).toBe('closed');
  });

  it('the callee vanishing mid-call makes the call fail instead of hang', async () => {
    const callee = await fx.open();
    const caller = await fx.open();
    const invoked = deferred<void>();
    await callee.register('com.example.vanish', () => {
      invoked.resolve();
      return new Promise(() => undefined);
    });
    const pending = caller.call('com.example.vanish').catch((e: unknown) => e);
    await invoked.promise;
    fx.router.dropSession(callee.id!);
    expect(await pending).toBeInstanceOf(WampError);
  });

  it('a closed session rejects new requests with SessionClosedError, and close() is idempotent', async () => {
    const s = await fx.open();
    const end = await s.close();
    expect(end).toMatchObject({ type: 'closed', reason: 'wamp.close.normal' });
    await expect(s.call('com.example.x')).rejects.toBeInstanceOf(SessionClosedError);
    await expect(s.publish('com.example.x')).rejects.toBeInstanceOf(SessionClosedError);
    await expect(s.subscribe('com.example.x', () => undefined)).rejects.toBeInstanceOf(SessionClosedError);
    await expect(s.register('com.example.x', () => undefined)).rejects.toBeInstanceOf(SessionClosedError);
    expect(await s.close()).toEqual(end);
  });

  it('the router info internal session answers wampkit.router.info', async () => {
    const s = await fx.open();
    const r = await s.call('wampkit.router.info');
    expect(r.kwargs).toMatchObject({ realms: ['realm1'] });
    expect(typeof r.kwargs['version']).toBe('string');
    expect(r.kwargs['sessions']).toBeGreaterThanOrEqual(1);
  });
});
