/**
 * Contracts: one module of schemas shared by caller and callee, publisher and subscriber. Types
 * are inferred from the schemas (checked here with expectTypeOf, so `tsc` fails if they drift);
 * at run time the caller and publisher refuse bad input before sending, the callee refuses it
 * with ERROR wamp.error.invalid_argument carrying the issue paths (its handler never runs), the
 * caller checks results and progress, the subscriber drops and reports bad events.
 */
import * as z from 'zod/mini';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { connect, defineProcedure, defineTopic, UsageError, WampError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const add = defineProcedure({
  uri: 'com.example.add',
  args: z.tuple([z.number(), z.number()]),
  kwargs: z.object({ round: z.optional(z.boolean()) }),
  result: z.number(),
});
const countdown = defineProcedure({ uri: 'com.example.countdown', args: z.tuple([z.int()]), progress: z.int(), result: z.literal('liftoff') });
const temperature = defineTopic({ uri: 'com.example.temperature', args: z.tuple([z.number()]), kwargs: z.object({ unit: z.enum(['C', 'F']) }) });
const fast = defineTopic({ uri: 'com.example.fast', args: z.tuple([z.number()]), validate: false });

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

describe('types are inferred from the schemas', () => {
  it('call, register, publish, subscribe and callStream', () => {
    const s = {} as Session;
    expectTypeOf(() => s.call(add, [2, 3])).returns.toEqualTypeOf<Promise<number>>();
    // @ts-expect-error a string where the schema wants a number
    void (() => s.call(add, ['2', 3]));
    // @ts-expect-error kwargs of the wrong shape
    void (() => s.call(add, [2, 3], { round: 'yes' }));
    void (() =>
      s.register(add, (args, kwargs) => {
        expectTypeOf(args).toEqualTypeOf<[number, number]>();
        expectTypeOf(kwargs).toEqualTypeOf<{ round?: boolean | undefined }>();
        return args[0] + args[1];
      }));
    // @ts-expect-error the handler must return the result type
    void (() => s.register(add, () => 'three'));
    void (() => s.register(countdown, (_a, _k, ctx) => {
      ctx.progress(3);
      // @ts-expect-error progress takes the progress type
      ctx.progress('three');
      return 'liftoff' as const;
    }));
    expectTypeOf(() => s.callStream(countdown, [3]).result).returns.toEqualTypeOf<Promise<'liftoff'>>();
    expectTypeOf(() => s.publish(temperature, [21.5], { unit: 'C' }, { acknowledge: true })).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(() => s.publish('com.example.t', [], {}, { acknowledge: true })).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(() => s.publish('com.example.t', [])).returns.toEqualTypeOf<Promise<number | undefined>>();
    // @ts-expect-error a unit the schema does not allow
    void (() => s.publish(temperature, [21.5], { unit: 'K' }));
    void (async () => {
      for await (const { args, kwargs } of await s.subscribe(temperature, { bufferSize: 10 })) {
        expectTypeOf(args).toEqualTypeOf<[number]>();
        expectTypeOf(kwargs).toEqualTypeOf<{ unit: 'C' | 'F' }>();
      }
    });
    void (() => s.subscribe(temperature, (args, kwargs) => {
      expectTypeOf(args).toEqualTypeOf<[number]>();
      expectTypeOf(kwargs.unit).toEqualTypeOf<'C' | 'F'>();
    }));
  });
});

describe('run-time checks', () => {
  it('a good call goes through; the caller refuses bad args before sending; the callee refuses them with the issue paths', async () => {
    const [caller, callee] = await two();
    let ran = 0;
    await callee.register(add, ([a, b], { round }) => {
      ran++;
      return round ? Math.round(a + b) : a + b;
    });
    expect(await caller.call(add, [2, 3.4], { round: true })).toBe(5);
    const local = await caller.call(add, ['2', 3] as never).catch((e: unknown) => e);
    expect(local).toBeInstanceOf(UsageError);
    expect((local as UsageError).message).toMatch(/args\.0/);
    // A caller without the contract sends what it likes: the callee refuses it.
    const remote = await caller.call('com.example.add', [2], { round: 'x' }).catch((e: unknown) => e);
    expect(remote).toBeInstanceOf(WampError);
    expect((remote as WampError).uri).toBe('wamp.error.invalid_argument');
    const paths = ((remote as WampError).kwargs['issues'] as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toContain('kwargs.round');
    expect(paths.some((p) => p.startsWith('args'))).toBe(true);
    expect(ran).toBe(1);
  });

  it('the caller checks the result and each progressive result', async () => {
    const [caller, callee] = await two();
    await callee.register('com.example.add', () => 'not a number');
    const bad = await caller.call(add, [1, 2]).catch((e: unknown) => e);
    expect(bad).toMatchObject({ uri: 'wampkit.error.invalid_result' });
    await callee.register('com.example.countdown', async (args, _k, ctx) => {
      for (let n = args[0] as number; n > 0; n--) ctx.progress(n === 2 ? ['two'] : [n]);
      return 'liftoff';
    });
    const stream = caller.callStream(countdown, [3]);
    const seen: number[] = [];
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([3, 1]); // 'two' was reported and skipped
    expect(await stream.result).toBe('liftoff');
    expect(errors.some((e) => e instanceof WampError && e.uri === 'wampkit.error.invalid_result')).toBe(true);
  });

  it('a callee whose own result breaks the contract answers ERROR, saying so', async () => {
    const [caller, callee] = await two();
    await callee.register(add, () => 'three' as never);
    const e = await caller.call('com.example.add', [1, 2]).catch((x: unknown) => x);
    expect(e).toMatchObject({ uri: 'wampkit.error.invalid_result' });
    expect((e as WampError).message).toMatch(/callee's result/);
  });

  it('publish refuses bad events before sending; the subscriber drops and reports bad ones, keeping order', async () => {
    const [pub, sub] = await two();
    const got: Array<[number, string]> = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    await sub.subscribe(temperature, ([t], { unit }) => {
      got.push([t, unit]);
      if (got.length === 2) done();
    });
    expect(await pub.publish(temperature, [20], { unit: 'K' } as never).catch((e: unknown) => e)).toBeInstanceOf(UsageError);
    await pub.publish(temperature, [20], { unit: 'C' }, { acknowledge: true });
    await pub.publish('com.example.temperature', ['hot'], { unit: 'C' }, { acknowledge: true }); // no contract: sent
    await pub.publish(temperature, [68], { unit: 'F' }, { acknowledge: true });
    await finished;
    expect(got).toEqual([[20, 'C'], [68, 'F']]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as WampError).uri).toBe('wampkit.error.invalid_result');
  });

  it('a contract topic as a typed stream: checked events only', async () => {
    const [pub, sub] = await two();
    const stream = await sub.subscribe(temperature, { bufferSize: 10 });
    await pub.publish('com.example.temperature', ['hot'], { unit: 'C' }, { acknowledge: true });
    await pub.publish(temperature, [19], { unit: 'C' }, { acknowledge: true });
    for await (const { args, kwargs } of stream) {
      expect([args[0], kwargs.unit]).toEqual([19, 'C']);
      break;
    }
    expect(stream.active).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('with synchronous schemas a contract request goes out in program order with the others', async () => {
    const seen: string[] = [];
    router = new Router({ realms: ['realm1'], authorize: (_s, action, uri) => (seen.push(`${action} ${uri}`), true) });
    const s = await connect({ transport: router.connector(), realm: 'realm1' });
    await s.register('com.example.after', () => 1);
    seen.length = 0;
    const published = s.publish(temperature, [20], { unit: 'C' }, { acknowledge: true });
    const called = s.call('com.example.after');
    const summed = s.call(add, [1, 2]).catch(() => undefined);
    await Promise.all([published, called, summed]);
    expect(seen).toEqual(['publish com.example.temperature', 'call com.example.after', 'call com.example.add']);
  });

  it('validate: false skips the checks (the types stay)', async () => {
    const [pub, sub] = await two();
    let heard!: (v: unknown) => void;
    const got = new Promise((r) => (heard = r));
    await sub.subscribe(fast, (args) => heard(args[0]));
    await pub.publish(fast, ['not checked'] as never, undefined, { acknowledge: true });
    expect(await got).toBe('not checked');
  });

  it('a contract is data: its fields read plainly, and it survives structured cloning of its data', () => {
    expect(add).toMatchObject({ kind: 'procedure', uri: 'com.example.add', validate: true });
    expect(Object.keys(add)).toEqual(['kind', 'uri', 'args', 'kwargs', 'result', 'progress', 'validate']);
    expect(() => defineProcedure({ uri: 42 as never })).toThrow(TypeError);
  });
});
