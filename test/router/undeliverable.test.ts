/**
 * A message the router cannot encode for its recipient (here: nesting past the MessagePack
 * encoder's depth, from a JSON peer) is answered to its sender — ERROR for a call, ERROR for an
 * acknowledged publish — never dropped, and never the sender's session ended for it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, WampError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
const open = (serializer: 'json' | 'msgpack'): Promise<Session> =>
  connect({ transport: router.connector(), realm: 'realm1', serializers: [serializer] });
const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

beforeEach(() => {
  router = new Router({ realms: ['realm1'] });
});
afterEach(() => router.close());

describe('undeliverable messages are answered to their sender', () => {
  it('a call the callee cannot receive: the caller gets ERROR invalid_argument, and stays connected', async () => {
    const callee = await open('msgpack');
    let invoked = 0;
    await callee.register('com.example.deep', () => {
      invoked++;
      return 'ok';
    });
    const caller = await open('json');
    const err = await caller.call('com.example.deep', [deep(150)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.invalid_argument');
    expect(String((err as WampError).args[0])).toMatch(/cannot pass this call to the callee/);
    expect(invoked).toBe(0);
    expect((await caller.call('com.example.deep', [1])).args).toEqual(['ok']);
  });

  it('a result the caller cannot receive: the caller gets ERROR invalid_argument', async () => {
    const callee = await open('json');
    await callee.register('com.example.deep-result', () => deep(150));
    const caller = await open('msgpack');
    const err = await caller.call('com.example.deep-result').catch((e: unknown) => e);
    expect(err).toMatchObject({ uri: 'wamp.error.invalid_argument' });
    expect(caller.status.type).toBe('established');
  });

  it('an acknowledged publish some subscribers cannot receive: ERROR to the publisher; the others get the event', async () => {
    const jsonSub = await open('json');
    const msgpackSub = await open('msgpack');
    const got: unknown[] = [];
    await jsonSub.subscribe('com.example.t', (a) => void got.push(a[0]));
    await msgpackSub.subscribe('com.example.t', () => undefined);
    const pub = await open('json');
    const err = await pub.publish('com.example.t', [deep(150)], {}, { acknowledge: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ uri: 'wamp.error.invalid_argument' });
    expect(String((err as WampError).args[0])).toMatch(/wamp\.2\.msgpack cannot encode it/);
    await jsonSub.call('wampkit.router.info');
    expect(got).toHaveLength(1);
    expect(pub.status.type).toBe('established');
  });
});
