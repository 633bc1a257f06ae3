/**
 * Callee-initiated timeouts (spec: Call Timeout): wampkit announces `call_timeout` for its callee,
 * so when a Dealer forwards `CALL.Options.timeout` in the INVOCATION, the callee aborts the
 * handler's signal and answers ERROR `wamp.error.timeout` itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, WampError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
let callee: Session;
let caller: Session;
beforeEach(async () => {
  router = new Router({ realms: ['realm1'] });
  callee = await connect({ transport: router.connector(), realm: 'realm1' });
  caller = await connect({ transport: router.connector(), realm: 'realm1' });
});
afterEach(() => router.close());

describe('callee-side timeout', () => {
  it('[call_timeout] a forwarded timeout aborts ctx.signal and the caller gets ERROR wamp.error.timeout', async () => {
    let seenTimeout: unknown;
    const aborted = new Promise<unknown>((resolve) => {
      void callee.register(
        'com.example.slow',
        (_a, _k, ctx) => {
          seenTimeout = ctx.details['timeout'];
          ctx.signal.addEventListener('abort', () => resolve(ctx.signal.reason));
          return new Promise(() => undefined); // never answers by itself
        },
        { forward_timeout: true },
      );
    });
    await callee.call('wampkit.router.info'); // the registration is in place
    const err = await caller.call('com.example.slow', [], {}, { timeout: 100 }).catch((e: unknown) => e);
    expect(seenTimeout).toBe(100);
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.timeout');
    expect(await aborted).toMatchObject({ uri: 'wamp.error.timeout' });
  });

  it('a handler that answers in time is not touched by its timeout', async () => {
    await callee.register('com.example.quick', () => 'fast', { forward_timeout: true });
    expect((await caller.call('com.example.quick', [], {}, { timeout: 5_000 })).args).toEqual(['fast']);
  });
});
