/**
 * Values a serializer cannot encode (BigInt, functions, symbols, cycles, strings past the message
 * limit) thrown at every send path — call, publish with and without acknowledge, a callee's
 * result (YIELD) and its progressive results — over JSON, MessagePack and CBOR, against the
 * embedded router in-process. Every promise settles within a bound (none hangs), no exception
 * escapes (no uncaught exception, no unhandled rejection), and the session stays usable.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, Result, UsageError, WampError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const LIMIT = 64 * 1024;
const BOUND_MS = 5_000;

/** Settles within the bound, or fails the test: a hang is the bug this suite hunts. */
async function settles<T>(p: Promise<T>, what: string): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    return { ok: true, value: await Promise.race([p, hang]) };
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(`within ${BOUND_MS} ms`)) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

function cycle(): unknown {
  const a: Record<string, unknown> = { name: 'loop' };
  a['self'] = a;
  return a;
}

/** Values some serializer refuses (or, JSON with functions and symbols, silently drops). */
const unencodable = fc.oneof(
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((v) => ({ label: 'bigint', v: v as unknown })),
  fc.constant({ label: 'function', v: (() => 1) as unknown }),
  fc.constant({ label: 'symbol', v: Symbol('s') as unknown }),
  fc.constant({ label: 'cycle', v: cycle() }),
  fc.integer({ min: LIMIT + 1, max: LIMIT * 3 }).map((n) => ({ label: 'huge string', v: 'x'.repeat(n) as unknown })),
  fc.constant({ label: 'nested bigint', v: { deep: [[{ n: 10n }]] } as unknown }),
);

const escaped: unknown[] = [];
const onEscape = (e: unknown): void => {
  escaped.push(e);
};

let router: Router;
beforeAll(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  router = new Router({ realms: ['realm1'] });
});
afterAll(async () => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  await router.close();
});

describe.each(['json', 'msgpack', 'cbor'] as const)('unencodable values over %s', (serializer) => {
  let callee: Session;
  let caller: Session;
  let current: unknown;
  const reported: unknown[] = [];

  beforeAll(async () => {
    const opts = { transport: router.connector(), realm: 'realm1', serializers: [serializer], maxMessageBytes: LIMIT } as const;
    callee = await connect({ ...opts, onError: (e) => reported.push(e) });
    caller = await connect({ ...opts, transport: router.connector() });
    await callee.register(`com.unenc.${serializer}.echo`, () => 'ok');
    await callee.register(`com.unenc.${serializer}.yield`, () => new Result([current]));
    await callee.register(`com.unenc.${serializer}.async-yield`, async () => {
      await Promise.resolve();
      return current;
    });
    await callee.register(`com.unenc.${serializer}.progress`, (_a, _k, ctx) => {
      ctx.progress([current]);
      return 'done';
    });
    await callee.register(`com.unenc.${serializer}.throw`, () => {
      throw new WampError('com.example.error', { args: [current] });
    });
    await caller.subscribe(`com.unenc.${serializer}.topic`, () => undefined);
  });
  afterAll(async () => {
    await caller.close();
    await callee.close();
  });

  it('every call, publish, yield and progress settles; nothing escapes; the session stays usable', async () => {
    await fc.assert(
      fc.asyncProperty(unencodable, async ({ label, v }) => {
        current = v;
        const p = `com.unenc.${serializer}`;
        const outcomes = [
          await settles(caller.call(`${p}.echo`, [v]), `call with a ${label}`),
          await settles(caller.call(`${p}.echo`, [], { v }), `call with a ${label} kwarg`),
          await settles(caller.publish(`${p}.topic`, [v]), `publish with a ${label}`),
          await settles(caller.publish(`${p}.topic`, [v], {}, { acknowledge: true }), `acknowledged publish with a ${label}`),
          await settles(caller.call(`${p}.yield`), `a callee yielding a ${label}`),
          await settles(caller.call(`${p}.async-yield`), `an async callee yielding a ${label}`),
          await settles(caller.call(`${p}.progress`, [], {}, { onProgress: () => undefined }), `progress with a ${label}`),
          await settles(caller.call(`${p}.throw`), `a callee throwing an error carrying a ${label}`),
        ];
        for (const o of outcomes) {
          if (o.ok) continue;
          // Refused locally (UsageError) or answered by the callee with an ERROR that says so.
          expect(o.error instanceof UsageError || o.error instanceof WampError).toBe(true);
          if (o.error instanceof UsageError) expect(o.error.uri).toBe('wamp.error.invalid_argument');
        }
        // Still usable.
        expect((await caller.call(`${p}.echo`)).args).toEqual(['ok']);
      }),
      { numRuns: 25 },
    );
    expect(escaped).toEqual([]);
    expect(caller.status.type).toBe('established');
    expect(callee.status.type).toBe('established');
  });

  it("a callee's unencodable result reaches the caller as ERROR wamp.error.invalid_argument that says so", async () => {
    current = { n: 1n, loop: cycle() };
    const err = await caller.call(`com.unenc.${serializer}.yield`).catch((e: unknown) => e);
    if (serializer === 'cbor' && err === undefined) return; // (not reached: cycles are refused by cborg too)
    expect(err).toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.invalid_argument');
    expect(String((err as WampError).args[0])).toMatch(/the callee could not send the result/);
    expect(reported.some((e) => e instanceof UsageError)).toBe(true);
  });

  it('a call whose arguments cannot be encoded is refused locally with a UsageError that says why', async () => {
    const err = await caller.call(`com.unenc.${serializer}.echo`, ['x'.repeat(LIMIT + 10)], {}, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(String((err as Error).message)).toMatch(/exceeds the message limit/);
  });
});
