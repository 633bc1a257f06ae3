/**
 * [payload_passthru_mode] Payload Passthru Mode through the embedded router: wampkit packs and
 * unpacks `{ args, kwargs }` for the native and json serializers, passes bytes through for
 * anything else (a cipher), answers an invocation in the mode it came in, and refuses what it
 * cannot do before sending anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Result, UsageError, type EventDetails, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import type { Frame } from '../../src/serializers/serializer.js';
import type { Connector, TransportEvents } from '../../src/transports/transport.js';

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

async function pair(serializer: 'json' | 'msgpack' | 'cbor' = 'json'): Promise<[Session, Session]> {
  router ??= new Router({ realms: ['realm1'] });
  const open = () => connect({ transport: router!.connector(), realm: 'realm1', serializers: [serializer] });
  return [await open(), await open()];
}

describe('[payload_passthru_mode] publish and subscribe', () => {
  for (const serializer of ['native', 'json'] as const) {
    it(`the ${serializer} serializer: the subscriber sees args and kwargs again, and the passthru attributes`, async () => {
      const [pub, sub] = await pair();
      let heard!: (v: { args: unknown[]; kwargs: Record<string, unknown>; d: EventDetails }) => void;
      const got = new Promise<{ args: unknown[]; kwargs: Record<string, unknown>; d: EventDetails }>((r) => (heard = r));
      await sub.subscribe('com.example.ppt', (args, kwargs, d) => heard({ args, kwargs, d }));
      await pub.publish('com.example.ppt', [1, 'two'], { three: 3 }, { acknowledge: true, passthru: { scheme: 'x_app', serializer } });
      const { args, kwargs, d } = await got;
      expect(args).toEqual([1, 'two']);
      expect(kwargs).toEqual({ three: 3 });
      expect(d.passthru).toMatchObject({ scheme: 'x_app', unpacked: true, ...(serializer === 'json' ? { serializer: 'json' } : { serializer }) });
      expect(d.details['ppt_scheme']).toBe('x_app');
    });
  }

  it('bytes with a cipher pass through untouched, over MessagePack', async () => {
    const [pub, sub] = await pair('msgpack');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    let heard!: (d: EventDetails & { args: unknown[] }) => void;
    const got = new Promise<EventDetails & { args: unknown[] }>((r) => (heard = r));
    await sub.subscribe('com.example.secret', (args, _k, d) => heard({ ...d, args }));
    await pub.publish('com.example.secret', [], {}, {
      acknowledge: true,
      passthru: { scheme: 'x_keys', serializer: 'cbor', cipher: 'xsalsa20poly1305', keyid: 'k1', payload: bytes },
    });
    const d = await got;
    expect(d.args).toEqual([]);
    expect(d.passthru).toMatchObject({ scheme: 'x_keys', serializer: 'cbor', cipher: 'xsalsa20poly1305', keyid: 'k1', unpacked: false });
    expect(new Uint8Array(d.passthru!.payload as Uint8Array)).toEqual(bytes);
  });
});

describe('[payload_passthru_mode] call, invocation and result', () => {
  it('the callee gets args unpacked and answers in the mode the call came in; the caller sees the result unpacked', async () => {
    const [caller, callee] = await pair('cbor');
    let seen: unknown;
    await callee.register('com.example.add', (args, _kwargs, ctx) => {
      seen = ctx.passthru;
      return new Result([(args[0] as number) + (args[1] as number)], { by: 'callee' });
    });
    const r = await caller.call('com.example.add', [2, 3], {}, { passthru: { scheme: 'x_app', serializer: 'json' } });
    expect(seen).toMatchObject({ scheme: 'x_app', serializer: 'json', unpacked: true });
    expect(r.args).toEqual([5]);
    expect(r.kwargs).toEqual({ by: 'callee' });
    expect(r.passthru).toMatchObject({ scheme: 'x_app', serializer: 'json', unpacked: true });
    expect(r.details['ppt_scheme']).toBe('x_app');
    // A Result may choose its own mode, e.g. plain.
    await callee.register('com.example.raw', () => new Result([], {}, { passthru: { scheme: 'x_raw', payload: new Uint8Array([7]) } }));
    const raw = await caller.call('com.example.raw');
    expect(raw.passthru).toMatchObject({ scheme: 'x_raw', unpacked: false });
  });

  it('refuses before sending: args with a payload, a cipher without one, a serializer wampkit does not pack, callInput, an empty scheme', async () => {
    const [s] = await pair();
    const refused = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    for (const passthru of [
      { scheme: 'x', payload: new Uint8Array([1]) },
      { scheme: 'x', cipher: 'aes256gcm' },
      { scheme: 'x', serializer: 'flatbuffers' },
      { scheme: '' },
    ]) {
      const args = 'payload' in passthru ? [1] : [];
      const e = await refused(s.publish('com.example.t', args, {}, { acknowledge: true, passthru }));
      expect(e).toBeInstanceOf(UsageError);
      const c = await refused(s.call('com.example.p', args, {}, { passthru }));
      expect(c).toBeInstanceOf(UsageError);
    }
    expect(() => s.callInput('com.example.p', { passthru: { scheme: 'x' } })).toThrow(UsageError);
    expect(s.status.type).toBe('established');
  });

  it('refuses when the router does not announce payload_passthru_mode', async () => {
    // A router whose WELCOME leaves the feature out: the embedded router, its WELCOME rewritten
    // on the way (WELCOME details are frozen in a session).
    const { BROKER_FEATURES } = await import('../../src/router/broker.js');
    expect(BROKER_FEATURES['payload_passthru_mode']).toBe(true);
    router ??= new Router({ realms: ['realm1'] });
    const inner = router.connector();
    const withoutPassthru = (frame: Frame): Frame => {
      if (typeof frame !== 'string' || !frame.startsWith('[2,')) return frame;
      const m = JSON.parse(frame) as [number, number, { roles: Record<string, { features: Record<string, unknown> }> }];
      for (const role of Object.values(m[2].roles)) delete role.features['payload_passthru_mode'];
      return JSON.stringify(m);
    };
    const connector: Connector = (request) => {
      const events: TransportEvents = {
        open: (t) => request.events.open?.(t),
        message: (frame) => request.events.message(withoutPassthru(frame)),
        close: (info) => request.events.close(info),
      };
      // The request as it is (its methods bound to it), but for its events.
      return inner(
        new Proxy(request, {
          get: (target, key) => {
            if (key === 'events') return events;
            const v: unknown = Reflect.get(target, key, target);
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        }),
      );
    };
    const s = await connect({ transport: connector, realm: 'realm1', serializers: ['json'] });
    expect(s.supports('broker', 'payload_passthru_mode')).toBe(false);
    const e = await s.publish('com.example.t', [], {}, { passthru: { scheme: 'x' } }).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'UsageError', code: expect.anything() });
    expect((e as UsageError).message).toMatch(/payload_passthru_mode/);
    const c = await s.call('com.example.t', [], {}, { passthru: { scheme: 'x' } }).catch((x: unknown) => x);
    expect((c as UsageError).message).toMatch(/payload_passthru_mode/);
    await s.close();
  });
});
