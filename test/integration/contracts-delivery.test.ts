/**
 * Contracts deliver as the plain API does: a subscriber's handler that is still busy (async)
 * does not hold back the next event, and progressive results checked by an asynchronous schema
 * arrive in order and all before the call's result.
 */
import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, defineProcedure, defineTopic, type Session, type StandardSchema } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router | undefined;
const errors: unknown[] = [];
afterEach(async () => {
  await router?.close();
  router = undefined;
  errors.length = 0;
});
async function two(): Promise<[Session, Session]> {
  router = new Router({ realms: ['realm1'] });
  const open = () => connect({ transport: router!.connector(), realm: 'realm1', onError: (e) => void errors.push(e) });
  return [await open(), await open()];
}

/** `schema`, but answering later (a macrotask that waits `delays` in turn): an asynchronous Standard Schema. */
function later<S extends StandardSchema>(schema: S, delays: number[] = [0]): S {
  let n = 0;
  const std = schema['~standard'];
  return {
    '~standard': {
      ...std,
      validate: (value: unknown) => {
        const ms = delays[n++ % delays.length]!;
        return new Promise((resolve) => setTimeout(() => resolve(std.validate(value)), ms));
      },
    },
  } as S;
}

describe('contract delivery', () => {
  it('a subscriber handler that is still busy does not hold back the next event (as with the plain API)', async () => {
    const tick = defineTopic({ uri: 'com.example.tick', args: z.tuple([z.int()]) });
    const [pub, sub] = await two();
    let second!: () => void;
    const secondSeen = new Promise<void>((r) => (second = r));
    const seen: number[] = [];
    await sub.subscribe(tick, async ([n]) => {
      seen.push(n);
      if (n === 1) await secondSeen; // busy until event 2 has been delivered
      else second();
    });
    await pub.publish(tick, [1], undefined, { acknowledge: true });
    await pub.publish(tick, [2], undefined, { acknowledge: true });
    await secondSeen;
    expect(seen).toEqual([1, 2]);
  });

  it('with an asynchronous event schema events still arrive in publication order', async () => {
    const tick = defineTopic({ uri: 'com.example.tick', args: later(z.tuple([z.int()]), [30, 0, 15, 0]) });
    const [pub, sub] = await two();
    const seen: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    await sub.subscribe(tick, ([n]) => {
      seen.push(n);
      if (seen.length === 4) done();
    });
    for (const n of [1, 2, 3, 4]) await pub.publish(tick, [n], undefined, { acknowledge: true });
    await all;
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('progressive results checked by an asynchronous schema arrive in order, all before the result', async () => {
    const count = defineProcedure({ uri: 'com.example.count', args: z.tuple([z.int()]), progress: later(z.int(), [30, 0, 15, 0]), result: z.literal('done') });
    const [caller, callee] = await two();
    await callee.register('com.example.count', (args, _k, ctx) => {
      for (let i = 1; i <= (args[0] as number); i++) ctx.progress([i]);
      return 'done';
    });
    const stream = caller.callStream(count, [4]);
    const seen: number[] = [];
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(await stream.result).toBe('done');

    const heard: number[] = [];
    expect(await caller.call(count, [4], undefined, { onProgress: (n) => heard.push(n) })).toBe('done');
    expect(heard).toEqual([1, 2, 3, 4]);
    expect(errors).toEqual([]);
  });

  it('a callee checks its progressive values with an asynchronous schema too: sent in order, before its result', async () => {
    const count = defineProcedure({ uri: 'com.example.count', args: z.tuple([z.int()]), progress: later(z.int(), [30, 0, 15, 0]), result: z.literal('done') });
    const [caller, callee] = await two();
    await callee.register(count, ([to], _k, ctx) => {
      for (let i = 1; i <= to; i++) ctx.progress(i);
      return 'done' as const;
    });
    const chunks: unknown[] = [];
    const r = await caller.call('com.example.count', [4], {}, { onProgress: ({ args }) => chunks.push(args[0]) });
    expect(chunks).toEqual([1, 2, 3, 4]);
    expect(r.args).toEqual(['done']);
    expect(errors).toEqual([]);
  });

  it('a schema that transforms: the wire carries its input, each side gets its output', async () => {
    // The wire type is a string; the code on either side works with its length.
    const size = z.pipe(z.string(), z.transform((s: string) => s.length));
    const measure = defineProcedure({ uri: 'com.example.measure', args: z.tuple([size]), progress: size, result: size });
    const [caller, callee] = await two();
    let got: unknown;
    await callee.register(measure, ([n], _k, ctx) => {
      got = n; // a number: the output of the args schema
      ctx.progress('half');
      return 'x'.repeat(n * 2);
    });
    const heard: number[] = [];
    expect(await caller.call(measure, ['abc'], undefined, { onProgress: (n) => heard.push(n) })).toBe(6);
    expect(got).toBe(3);
    expect(heard).toEqual([4]);
    const raw = await caller.call('com.example.measure', ['abc']);
    expect(raw.args).toEqual(['xxxxxx']); // a plain caller sees the wire value
    expect(errors).toEqual([]);
  });
});
