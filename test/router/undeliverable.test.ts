/**
 * A message the router cannot encode for its recipient (here: an integer beyond 2^53, which CBOR
 * carries as a bignum and JSON cannot) is answered to its sender — ERROR for a call, ERROR for an
 * acknowledged publish — never dropped, and never the sender's session ended for it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, WampError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
const open = (serializer: 'json' | 'cbor'): Promise<Session> =>
  connect({ transport: router.connector(), realm: 'realm1', serializers: [serializer] });
/** A value CBOR carries and JSON cannot: an integer past 2^53. */
const huge = 2n ** 60n;

beforeEach(() => {
  router = new Router({ realms: ['realm1'] });
});
afterEach(() => router.close());

describe('undeliverable messages are answered to their sender', () => {
  it('a call the callee cannot receive: the caller gets ERROR invalid_argument, and stays connected', async () => {
    const callee = await open('json');
    let invoked = 0;
    await callee.register('com.example.deep', () => {
      invoked++;
      return 'ok';
    });
    const caller = await open('cbor');
    const err = await caller.call('com.example.deep', [huge]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.invalid_argument');
    expect(String((err as WampError).args[0])).toMatch(/cannot pass this call to the callee/);
    expect(invoked).toBe(0);
    expect((await caller.call('com.example.deep', [1])).args).toEqual(['ok']);
  });

  it('a result the caller cannot receive: the caller gets ERROR invalid_argument', async () => {
    const callee = await open('cbor');
    await callee.register('com.example.deep-result', () => huge);
    const caller = await open('json');
    const err = await caller.call('com.example.deep-result').catch((e: unknown) => e);
    expect(err).toMatchObject({ uri: 'wamp.error.invalid_argument' });
    expect(caller.status.type).toBe('established');
  });

  it('an acknowledged publish some subscribers cannot receive: ERROR to the publisher; the others get the event', async () => {
    const cborSub = await open('cbor');
    const jsonSub = await open('json');
    const got: unknown[] = [];
    await cborSub.subscribe('com.example.t', (a) => void got.push(a[0]));
    await jsonSub.subscribe('com.example.t', () => undefined);
    const pub = await open('cbor');
    const err = await pub.publish('com.example.t', [huge], {}, { acknowledge: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ uri: 'wamp.error.invalid_argument' });
    expect(String((err as WampError).args[0])).toMatch(/wamp\.2\.json cannot encode it/);
    await cborSub.call('wampkit.router.info');
    expect(got).toEqual([huge]);
    expect(pub.status.type).toBe('established');
  });
});
