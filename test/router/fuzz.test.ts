/**
 * Hostile input: thousands of fuzzed messages and frames from joined sessions never take the
 * router down, and a bystander session keeps working throughout. Bounded in count.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Result, connect, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import { MessageType } from '../../src/protocol/message-type.js';
import { RawClient } from './raw-client.js';

describe('router under hostile input', () => {
  let router: Router;
  let bystander: Session;
  let callee: Session;
  beforeAll(async () => {
    router = new Router({ info: false });
    callee = await connect({ transport: router.connector(), realm: 'realm1' });
    bystander = await connect({ transport: router.connector(), realm: 'realm1', serializers: ['msgpack'] });
    await callee.register('com.fuzz.ok', (args) => new Result(args));
  });
  afterAll(() => router.close());

  /** Sends `frame` from a fresh session; resolves once the router answered a barrier or hung up. */
  async function hostile(send: (c: RawClient) => void, serializer: 'json' | 'msgpack'): Promise<void> {
    const c = await RawClient.join(router.connector(), { serializer });
    try {
      send(c);
    } catch {
      return; // our encoder refused the value: nothing reached the router
    }
    await Promise.race([c.sync().catch(() => undefined), c.closed]);
    if (!c.isClosed) c.close();
  }

  const codes = fc.constantFrom(...Object.values(MessageType), 0, 7, 99, 255, -1, 1.5);
  const value = fc.oneof(
    fc.jsonValue(),
    fc.integer({ min: -(2 ** 53), max: 2 ** 53 + 10 }),
    fc.constantFrom('wamp.session.kill', 'com.fuzz.ok', '', 'a..b', 'wamp.', 'com.fuzz.#', '\u0000'),
    fc.dictionary(fc.constantFrom('match', 'invoke', 'progress', 'receive_progress', 'mode', 'exclude', 'eligible', 'timeout', 'acknowledge', 'disclose_me'), fc.jsonValue()),
  );

  it('fuzzed WAMP messages (2000) never break the router or the bystander', async () => {
    await fc.assert(
      fc.asyncProperty(codes, fc.array(value, { maxLength: 6 }), fc.constantFrom('json' as const, 'msgpack' as const), async (code, rest, ser) => {
        await hostile((c) => c.send([code, ...rest]), ser);
      }),
      { numRuns: 2000 },
    );
    expect((await bystander.call('com.fuzz.ok', ['still here'])).args).toEqual(['still here']);
  }, 120_000);

  it('random frames (1000) never break the router or the bystander', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 96 }), fc.constantFrom('json' as const, 'msgpack' as const), async (bytes, ser) => {
        await hostile((c) => c.sendFrame(ser === 'json' ? new TextDecoder().decode(bytes) : bytes), ser);
      }),
      { numRuns: 1000 },
    );
    expect((await bystander.call('com.fuzz.ok', [1])).args).toEqual([1]);
    expect(router.realm('realm1').sessionCount).toBe(2);
  }, 120_000);
});
