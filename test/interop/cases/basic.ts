/** Basic Profile conformance cases: RPC and PubSub. Feature tags in [brackets] feed the README table. */
import { expect, it } from 'vitest';
import { Result, SessionClosedError, WampError } from '../../../src/index.js';
import { collector, deferred, type Conformance } from '../conformance-context.js';

export function basicCases(get: () => Conformance): void {
  it('[basic_rpc] call and result with args and kwargs of every JSON type', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('echo');
    await callee.register(proc, (args, kwargs) => new Result(args, kwargs));
    const args = [null, true, false, 0, -7, 2 ** 53 - 1, -(2 ** 53 - 1), 3.25, '', 'ünïcødé ☃ 𝄞 😀', [], {}, [1, [2, [3, ['deep']]]]];
    const kwargs = { nested: { a: [1, { b: 'c' }], e: {} }, big: 2 ** 52 + 1, text: '日本語テキスト' };
    const r = await caller.call(proc, args, kwargs);
    expect(r.args).toEqual(args);
    expect(r.kwargs).toEqual(kwargs);
  });

  it('[basic_rpc] binary payloads round-trip', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('bytes');
    await callee.register(proc, (args) => {
      const b = args[0] as Uint8Array;
      expect(b).toBeInstanceOf(Uint8Array);
      return Uint8Array.from(b).reverse();
    });
    const input = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const r = await caller.call(proc, [input]);
    expect(Array.from(r.args[0] as Uint8Array)).toEqual(Array.from(input).reverse());
  });

  it('[basic_rpc] a 256 KiB payload round-trips', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('big');
    await callee.register(proc, (args) => (args[0] as string).length);
    const r = await caller.call(proc, ['x'.repeat(256 * 1024)]);
    expect(r.args).toEqual([256 * 1024]);
  });

  it('[basic_rpc] ERROR keeps uri, args and kwargs', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('fail');
    await callee.register(proc, () => {
      throw new WampError('com.example.error.bad', { args: ['why', 1], kwargs: { field: 'x', deep: { ok: false } } });
    });
    const err = await caller.call(proc).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect(err).toMatchObject({ uri: 'com.example.error.bad', args: ['why', 1], kwargs: { field: 'x', deep: { ok: false } } });
  });

  it('[basic_rpc] a throwing handler gives wamp.error.runtime_error with the message only', async () => {
    const c = get();
    const callee = await c.open({ onError: () => undefined });
    const caller = await c.open();
    const proc = c.uri('crash');
    await callee.register(proc, () => {
      throw new RangeError('out of range');
    });
    await expect(caller.call(proc)).rejects.toMatchObject({ uri: 'wamp.error.runtime_error', args: ['out of range'] });
  });

  it('[basic_rpc] no_such_procedure, procedure_already_exists, and unregister', async () => {
    const c = get();
    const a = await c.open();
    const b = await c.open();
    const proc = c.uri('once');
    await expect(b.call(proc)).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
    const reg = await a.register(proc, () => 'a');
    await expect(b.register(proc, () => 'b')).rejects.toMatchObject({ uri: 'wamp.error.procedure_already_exists' });
    expect((await b.call(proc)).args).toEqual(['a']);
    await reg.unregister();
    await expect(b.call(proc)).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
  });

  it('[basic_rpc] the callee leaving mid-call fails the call instead of hanging', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('leave');
    const invoked = deferred<void>();
    await callee.register(proc, () => {
      invoked.resolve();
      return new Promise(() => undefined);
    });
    const pending = caller.call(proc).catch((e: unknown) => e);
    await invoked.promise;
    await callee.close();
    const err = await pending;
    expect(err).toBeInstanceOf(WampError);
    expect(['wamp.error.canceled', 'wamp.error.no_such_procedure', 'wamp.error.callee_lost', 'wamp.error.no_available_callee']).toContain((err as WampError).uri);
  });

  it('[basic_rpc] outstanding calls reject with SessionClosedError when the caller closes', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('hang');
    const invoked = deferred<void>();
    await callee.register(proc, () => {
      invoked.resolve();
      return new Promise(() => undefined);
    });
    const pending = caller.call(proc).catch((e: unknown) => e);
    await invoked.promise;
    await caller.close();
    expect(await pending).toBeInstanceOf(SessionClosedError);
  });

  it('[basic_pubsub] publish, subscribe, event with args and kwargs; unsubscribe stops events', async () => {
    const c = get();
    const sub = await c.open();
    const pub = await c.open();
    const topic = c.uri('temp');
    const got = collector<{ args: unknown[]; kwargs: Record<string, unknown> }>(2);
    const s = await sub.subscribe(topic, (args, kwargs) => got.push({ args, kwargs }));
    await pub.publish(topic, [21.5, 'C'], { room: 'kitchen', nested: { list: [1, 2] } }, { acknowledge: true });
    await pub.publish(topic, [], { only: 'kwargs' }, { acknowledge: true });
    expect(await got.done).toEqual([
      { args: [21.5, 'C'], kwargs: { room: 'kitchen', nested: { list: [1, 2] } } },
      { args: [], kwargs: { only: 'kwargs' } },
    ]);
    await s.unsubscribe();
    // Order proof: a later subscriber gets the next event, the unsubscribed handler does not.
    const late = deferred<unknown[]>();
    await pub.subscribe(topic, (args) => late.resolve(args), {});
    await sub.publish(topic, ['after'], {}, { acknowledge: true });
    expect(await late.promise).toEqual(['after']);
    expect(got.items).toHaveLength(2);
  });

  it('[basic_pubsub] acknowledged publish resolves with a publication id', async () => {
    const c = get();
    const pub = await c.open();
    const id = await pub.publish(c.uri('ack'), ['x'], {}, { acknowledge: true });
    expect(typeof id).toBe('number');
    expect(id).toBeGreaterThan(0);
  });

  it('[basic_pubsub] several local handlers share one subscription', async () => {
    const c = get();
    const sub = await c.open();
    const pub = await c.open();
    const topic = c.uri('shared');
    const got = collector<string>(2);
    const h1 = await sub.subscribe(topic, () => got.push('h1'));
    const h2 = await sub.subscribe(topic, () => got.push('h2'));
    expect(h1.id).toBe(h2.id);
    await pub.publish(topic, [], {}, { acknowledge: true });
    expect((await got.done).sort()).toEqual(['h1', 'h2']);
    await h1.unsubscribe();
    await h2.unsubscribe();
  });
}
