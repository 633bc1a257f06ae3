/**
 * Contract signatures are as strict as the schemas and no stricter: a payload part is optional
 * exactly when an empty one passes its schema (checked by tsc through `@ts-expect-error`, and
 * at run time: what compiles without kwargs works, what would fail is a compile error).
 */
import * as z from 'zod/mini';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { connect, defineProcedure, defineTopic, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const ping = defineProcedure({ uri: 'com.example.ping', result: z.literal('pong') });
const noArgs = defineProcedure({ uri: 'com.example.none', args: z.tuple([]), result: z.number() });
const scale = defineProcedure({ uri: 'com.example.scale', args: z.tuple([z.number()]), kwargs: z.object({ factor: z.number() }), result: z.number() });
const reading = defineTopic({ uri: 'com.example.reading', args: z.tuple([z.number()]), kwargs: z.object({ unit: z.enum(['C', 'F']) }) });
const beat = defineTopic({ uri: 'com.example.beat' });

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

describe('contract signatures follow the schemas', () => {
  it('args and kwargs are optional only where an empty payload passes', () => {
    const s = {} as Session;
    expectTypeOf(() => s.call(ping)).returns.toEqualTypeOf<Promise<'pong'>>();
    expectTypeOf(() => s.call(noArgs)).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(() => s.callStream(ping).result).returns.toEqualTypeOf<Promise<'pong'>>();
    void (() => s.publish(beat));
    expectTypeOf(() => s.publish(beat, [], undefined, { acknowledge: true })).returns.toEqualTypeOf<Promise<number>>();
    // @ts-expect-error scale's kwargs have a required key: leaving them out cannot pass
    void (() => s.call(scale, [2]));
    // @ts-expect-error likewise for a stream
    void (() => s.callStream(scale, [2]));
    // @ts-expect-error reading's kwargs need a unit
    void (() => s.publish(reading, [21]));
    // @ts-expect-error …acknowledged or not
    void (() => s.publish(reading, [21], undefined, { acknowledge: true }));
    // @ts-expect-error the args of a contract with a required arg
    void (() => s.call(scale));
    expectTypeOf(() => s.call(scale, [2], { factor: 3 })).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(() => s.publish(reading, [21], { unit: 'C' }, { acknowledge: true })).returns.toEqualTypeOf<Promise<number>>();
  });

  it('what compiles without args or kwargs works at run time', async () => {
    router = new Router({ realms: ['realm1'] });
    const s = await connect({ transport: router.connector(), realm: 'realm1' });
    await s.register(ping, () => 'pong' as const);
    await s.register(noArgs, () => 7);
    expect(await s.call(ping)).toBe('pong');
    expect(await s.call(noArgs)).toBe(7);
    let heard!: () => void;
    const got = new Promise<void>((r) => (heard = r));
    await s.subscribe(beat, () => heard());
    await s.publish(beat, [], undefined, { acknowledge: true, exclude_me: false });
    await got;
    // What does not compile would fail here: a missing required kwarg.
    await expect(s.call(scale, [2], undefined as never)).rejects.toMatchObject({ name: 'UsageError' });
    await s.close();
  });
});
