/** Advanced Profile RPC conformance cases (issue 4). Feature tags in [brackets] are the spec's feature names. */
import { expect, it } from 'vitest';
import { CanceledError, Result, TimeoutError, UsageError, WampError, type CancelMode, type InvocationContext } from '../../../src/index.js';
import { collector, deferred, type Conformance } from '../conformance-context.js';

/** The parts of vitest's test context a case needs to skip with a reason. */
interface Ctx {
  skip: (note?: string) => never;
  task: { meta: object };
}

/** Skips with the reason recorded in the task meta, where `npm run interop:table` reads it. */
export function skipWith(ctx: Ctx, why: string): never {
  (ctx.task.meta as { skipReason?: string }).skipReason = why;
  return ctx.skip(why);
}

export function advancedRpcCases(get: () => Conformance): void {
  const need = async (c: Conformance, ctx: Ctx, feature: string) => {
    const probe = await c.open();
    const why = c.lacks(probe, 'dealer', feature);
    if (why) skipWith(ctx, why);
    return probe;
  };

  it('[progressive_call_results] chunks arrive in order before the final result (async iterator and callback)', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'progressive_call_results');
    const caller = await c.open();
    const proc = c.uri('countdown');
    await callee.register(proc, (args, _kw, ctx) => {
      expect(ctx.receiveProgress).toBe(true);
      for (let i = args[0] as number; i > 0; i--) ctx.progress([i], { left: i });
      return new Result(['liftoff'], { done: true });
    });
    const seen: unknown[] = [];
    for await (const chunk of caller.callStream(proc, [3])) seen.push([chunk.details['progress'] === true, chunk.args[0]]);
    expect(seen).toEqual([[true, 3], [true, 2], [true, 1], [false, 'liftoff']]);
    const viaCallback: unknown[] = [];
    const final = await caller.call(proc, [2], {}, { onProgress: (p) => viaCallback.push(p.kwargs['left']) });
    expect(viaCallback).toEqual([2, 1]);
    expect(final.kwargs).toEqual({ done: true });
  });

  it('[progressive_call_results] many concurrent progressive calls keep their chunks apart', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'progressive_call_results');
    const caller = await c.open();
    const proc = c.uri('stream');
    await callee.register(proc, async (args, _kw, ctx) => {
      for (let i = 0; i < 5; i++) {
        ctx.progress([args[0], i]);
        await Promise.resolve();
      }
      return [args[0], 'end'];
    });
    const runs = await Promise.all(
      Array.from({ length: 25 }, async (_, n) => {
        const chunks: unknown[] = [];
        for await (const c2 of caller.callStream(proc, [n])) chunks.push(c2.args);
        return chunks;
      }),
    );
    runs.forEach((chunks, n) => {
      expect(chunks).toEqual([...Array.from({ length: 5 }, (_, i) => [n, i]), [[n, 'end']]]);
    });
  });

  it('[progressive_call_results] a callee that throws mid-stream ends the stream with its error', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'progressive_call_results');
    const caller = await c.open();
    const proc = c.uri('broken_stream');
    await callee.register(proc, async (_a, _k, ctx) => {
      ctx.progress([1]);
      ctx.progress([2]);
      await Promise.resolve();
      throw new WampError('com.example.error.stream_broke', { args: ['at 3'] });
    });
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const chunk of caller.callStream(proc)) seen.push(chunk.args[0]);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(err).toMatchObject({ uri: 'com.example.error.stream_broke', args: ['at 3'] });
  });

  it('[progressive_call_invocations] the caller streams input chunks; the callee reads them as they come', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'progressive_call_invocations');
    const caller = await c.open();
    const proc = c.uri('sum');
    await callee.register(proc, async (args, _kw, ctx) => {
      let sum = args[0] as number;
      const parts = [sum];
      for await (const chunk of ctx.input ?? []) {
        sum += chunk.args[0] as number;
        parts.push(chunk.args[0] as number);
      }
      return new Result([sum], { parts });
    });
    const call = caller.callInput(proc);
    call.send([1]);
    call.send([2]);
    call.send([3]);
    const r = await call.end([4]);
    expect(r.args).toEqual([10]);
    expect(r.kwargs).toEqual({ parts: [1, 2, 3, 4] });
  });

  it('[progressive_call_invocations] streaming in and progressive results out together', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'progressive_call_invocations');
    const why = c.lacks(callee, 'dealer', 'progressive_call_results');
    if (why) skipWith(ctx, why);
    const caller = await c.open();
    const proc = c.uri('echo_stream');
    await callee.register(proc, async (args, _kw, ctx) => {
      ctx.progress([`got ${String(args[0])}`]);
      let n = 1;
      for await (const chunk of ctx.input ?? []) {
        n++;
        if (chunk.progress) ctx.progress([`got ${String(chunk.args[0])}`]);
      }
      return `${n} chunks`;
    });
    const echoes = collector<unknown>(3);
    const call = caller.callInput(proc, { onProgress: (p) => echoes.push(p.args[0]) });
    call.send(['a']);
    call.send(['b']);
    call.send(['c']);
    expect(await echoes.done).toEqual(['got a', 'got b', 'got c']);
    expect((await call.end(['d'])).args).toEqual(['4 chunks']);
  });

  const interruptible = async (c: Conformance) => {
    const callee = await c.open();
    const proc = c.uri('slow');
    const invoked = deferred<InvocationContext>();
    const interrupted = deferred<unknown>();
    let yielded = 0;
    await callee.register(proc, (_a, _k, ctx) => {
      invoked.resolve(ctx);
      return new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          interrupted.resolve(ctx.signal.reason);
          yielded++;
          resolve('late result'); // dropped: the call was canceled
          ctx.progress(['progress after cancel']); // dropped too
        });
      });
    });
    return { callee, proc, invoked, interrupted, yielded: () => yielded };
  };

  for (const mode of ['skip', 'kill', 'killnowait'] as const satisfies readonly CancelMode[]) {
    it(`[call_canceling] cancel with mode ${mode}: CanceledError for the caller${mode === 'skip' ? '' : ', INTERRUPT for the callee'}`, async (ctx) => {
      const c = get();
      await need(c, ctx, 'call_canceling');
      const { proc, invoked, interrupted } = await interruptible(c);
      const caller = await c.open();
      const ac = new AbortController();
      const progress: unknown[] = [];
      const pending = caller.call(proc, [], {}, { signal: ac.signal, cancelMode: mode, onProgress: (p) => progress.push(p.args) }).catch((e: unknown) => e);
      await invoked.promise;
      ac.abort(new Error('user canceled'));
      const err = await pending;
      expect(err).toBeInstanceOf(CanceledError);
      expect((err as CanceledError).mode).toBe(mode);
      if (mode !== 'skip') expect(await interrupted.promise).toBeInstanceOf(WampError);
      // The session stays usable, and nothing of the canceled call arrives later.
      const echo = c.uri('after');
      const other = await c.open();
      await other.register(echo, () => 'ok');
      expect((await caller.call(echo)).args).toEqual(['ok']);
      expect(progress).toEqual([]);
    });
  }

  it('[call_canceling] cancel before the INVOCATION reaches the callee', async (ctx) => {
    const c = get();
    await need(c, ctx, 'call_canceling');
    const { proc } = await interruptible(c);
    const caller = await c.open();
    const ac = new AbortController();
    const pending = caller.call(proc, [], {}, { signal: ac.signal, cancelMode: 'killnowait' }).catch((e: unknown) => e);
    ac.abort(); // CALL and CANCEL leave back to back
    expect(await pending).toBeInstanceOf(CanceledError);
    const already = new AbortController();
    already.abort();
    await expect(caller.call(proc, [], {}, { signal: already.signal })).rejects.toBeInstanceOf(CanceledError);
  });

  it('[call_canceling] cancel after the result changes nothing', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'call_canceling');
    const caller = await c.open();
    const proc = c.uri('quick');
    let invocations = 0;
    await callee.register(proc, () => ++invocations);
    const ac = new AbortController();
    const r = await caller.call(proc, [], {}, { signal: ac.signal });
    ac.abort();
    expect(r.args).toEqual([1]);
    expect((await caller.call(proc)).args).toEqual([2]);
  });

  it('[call_canceling] a client-side timeout cancels the call and rejects with TimeoutError', async (ctx) => {
    const c = get();
    await need(c, ctx, 'call_canceling');
    const { proc, interrupted } = await interruptible(c);
    const caller = await c.open();
    const err = await caller.call(proc, [], {}, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(await interrupted.promise).toBeInstanceOf(WampError);
  });

  it('[call_timeout] the Dealer times out a call with Options.timeout and interrupts the callee', async (ctx) => {
    const c = get();
    await need(c, ctx, 'call_timeout');
    const { proc, interrupted } = await interruptible(c);
    const caller = await c.open();
    const err = await caller.call(proc, [], {}, { timeout: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WampError);
    expect(['wamp.error.timeout', 'wamp.error.canceled']).toContain((err as WampError).uri);
    expect(await interrupted.promise).toBeDefined();
  });

  it('[call_timeout] Options.timeout ends a call on every router: by the Dealer, or by wampkit where the Dealer lacks it', async () => {
    const c = get();
    const { proc, interrupted } = await interruptible(c);
    const caller = await c.open();
    const dealerHasIt = !c.lacks(caller, 'dealer', 'call_timeout');
    const err = await caller.call(proc, [], {}, { timeout: 100 }).catch((e: unknown) => e);
    if (dealerHasIt) expect(err).toBeInstanceOf(WampError);
    else expect(err).toBeInstanceOf(TimeoutError);
    expect(await interrupted.promise).toBeDefined();
  });

  it('[feature_negotiation] callInput streams where the Dealer announces progressive invocations, and refuses where it does not', async () => {
    const c = get();
    const callee = await c.open();
    const caller = await c.open();
    const proc = c.uri('chunks');
    let invocations = 0;
    await callee.register(proc, async (args, _kw, ctx) => {
      invocations++;
      let n = (args as number[]).length;
      for await (const chunk of ctx.input ?? []) n += chunk.args.length;
      return n;
    });
    if (c.lacks(caller, 'dealer', 'progressive_call_invocations')) {
      // Refused up front, before anything is sent.
      expect(() => caller.callInput(proc)).toThrow(UsageError);
      expect(() => caller.callInput(proc)).toThrow(/wamp\.error\.feature_not_supported/);
      expect(invocations).toBe(0);
    } else {
      const call = caller.callInput(proc);
      call.send([1]);
      expect((await call.end([2])).args).toEqual([2]);
      expect(invocations).toBe(1);
    }
  });

  it('[caller_identification] disclose_me tells the callee who calls', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'caller_identification');
    const caller = await c.open();
    const proc = c.uri('whoami');
    await callee.register(proc, (_a, _k, ctx) => new Result([ctx.caller ?? null], { authid: ctx.callerAuthid ?? null, authrole: ctx.callerAuthrole ?? null }));
    const r = await caller.call(proc, [], {}, { disclose_me: true });
    expect(r.args).toEqual([caller.id]);
    expect(typeof r.kwargs['authrole']).toBe('string');
  });

  it('[pattern_based_registration] prefix and wildcard registrations; the context names the procedure; exact > prefix > wildcard', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'pattern_based_registration');
    const caller = await c.open();
    const base = c.uri('devices');
    await callee.register(`${base}.fan`, (_a, _k, ctx) => `prefix:${ctx.procedure}`, { match: 'prefix' });
    await callee.register(`${base}..toggle`, (_a, _k, ctx) => `wildcard:${ctx.procedure}`, { match: 'wildcard' });
    await callee.register(`${base}.fan.toggle`, () => 'exact');
    expect((await caller.call(`${base}.fan.speed`)).args).toEqual([`prefix:${base}.fan.speed`]);
    expect((await caller.call(`${base}.door.toggle`)).args).toEqual([`wildcard:${base}.door.toggle`]);
    expect((await caller.call(`${base}.fan.toggle`)).args).toEqual(['exact']);
    expect((await caller.call(`${base}.fan.x.toggle`)).args).toEqual([`prefix:${base}.fan.x.toggle`]);
  });

  it('[shared_registration] roundrobin alternates; first and last pick; single refuses a second callee', async (ctx) => {
    const c = get();
    const a = await need(c, ctx, 'shared_registration');
    const b = await c.open();
    const caller = await c.open();
    const rr = c.uri('rr');
    await a.register(rr, () => 'a', { invoke: 'roundrobin' });
    await b.register(rr, () => 'b', { invoke: 'roundrobin' });
    const seq = [];
    for (let i = 0; i < 4; i++) seq.push((await caller.call(rr)).args[0]);
    expect(new Set(seq)).toEqual(new Set(['a', 'b']));
    expect(seq[0]).not.toBe(seq[1]);
    expect(seq[1]).not.toBe(seq[2]);
    for (const policy of ['first', 'last'] as const) {
      const p = c.uri(policy);
      await a.register(p, () => 'a', { invoke: policy });
      await b.register(p, () => 'b', { invoke: policy });
      expect((await caller.call(p)).args).toEqual([policy === 'first' ? 'a' : 'b']);
    }
    const rnd = c.uri('random');
    await a.register(rnd, () => 'a', { invoke: 'random' });
    await b.register(rnd, () => 'b', { invoke: 'random' });
    for (let i = 0; i < 5; i++) expect(['a', 'b']).toContain((await caller.call(rnd)).args[0]);
    const single = c.uri('single');
    await a.register(single, () => 'a');
    await expect(b.register(single, () => 'b', { invoke: 'roundrobin' })).rejects.toMatchObject({ uri: 'wamp.error.procedure_already_exists' });
  });

  it('[registration_revocation] the router revokes a registration and the callee is told why', async (ctx) => {
    const c = get();
    const callee = await need(c, ctx, 'registration_revocation');
    if (!c.target.revoke) skipWith(ctx, `${c.target.name} lacks registration_revocation: no router-side API to revoke a registration from a test`);
    const caller = await c.open();
    const proc = c.uri('revocable');
    const reg = await callee.register(proc, () => 'x');
    await c.target.revoke!(reg.id, callee.id!, 'wamp.error.revoked_by_test');
    expect(await reg.ended).toBe('wamp.error.revoked_by_test');
    expect(reg.active).toBe(false);
    await expect(caller.call(proc)).rejects.toMatchObject({ uri: 'wamp.error.no_such_procedure' });
  });

  it('[registration_meta_api] list, lookup, match, get, list_callees, count_callees', async (ctx) => {
    const c = get();
    const s = await need(c, ctx, 'registration_meta_api');
    const proc = c.uri('meta');
    const reg = await s.register(proc, () => 1);
    const list = (await s.call('wamp.registration.list')).args[0] as Record<string, number[]>;
    expect(list['exact']).toContain(reg.id);
    expect((await s.call('wamp.registration.lookup', [proc])).args[0]).toBe(reg.id);
    expect((await s.call('wamp.registration.match', [proc])).args[0]).toBe(reg.id);
    const got = (await s.call('wamp.registration.get', [reg.id])).args[0] as Record<string, unknown>;
    expect(got).toMatchObject({ id: reg.id, uri: proc });
    expect(['exact', '']).toContain(got['match']); // Nexus reports the exact policy as ''
    expect((await s.call('wamp.registration.list_callees', [reg.id])).args[0]).toEqual([s.id]);
    expect((await s.call('wamp.registration.count_callees', [reg.id])).args[0]).toBe(1);
    await expect(s.call('wamp.registration.get', [424242])).rejects.toMatchObject({ uri: 'wamp.error.no_such_registration' });
  });

  it('[registration_meta_api] meta events: on_create, on_register, on_unregister, on_delete', async (ctx) => {
    const c = get();
    const watcher = await need(c, ctx, 'registration_meta_api');
    const s = await c.open();
    const seen: Array<[string, unknown[]]> = [];
    const deleted = deferred<void>();
    for (const name of ['on_create', 'on_register', 'on_unregister', 'on_delete']) {
      await watcher.subscribe(`wamp.registration.${name}`, (args) => {
        if (args[0] !== s.id) return;
        seen.push([name, args]);
        if (name === 'on_delete') deleted.resolve();
      });
    }
    const procedure = c.uri('meta-events');
    const reg = await s.register(procedure, () => undefined);
    await reg.unregister();
    await deleted.promise;
    expect(seen.map(([n]) => n)).toEqual(['on_create', 'on_register', 'on_unregister', 'on_delete']);
    expect(seen[0]![1][1]).toMatchObject({ id: reg.id, uri: procedure });
    for (const [, args] of seen.slice(1)) expect(args).toEqual([s.id, reg.id]);
  });

  it('[session_meta_api] wamp.session.kill_by_authid closes the sessions with that authid and lists them', async (ctx) => {
    const c = get();
    const admin = await need(c, ctx, 'session_meta_api');
    const victim = await c.open();
    const authid = victim.details['authid'];
    const victimId = victim.id;
    expect(typeof authid).toBe('string');
    const ended = victim.closed();
    let killed: unknown;
    try {
      killed = (await admin.call('wamp.session.kill_by_authid', [authid], { reason: 'wamp.close.killed', message: 'by authid' })).args[0];
    } catch (e) {
      if ((e as { uri?: string }).uri === 'wamp.error.no_such_procedure') skipWith(ctx, `${c.target.name} lacks session_meta_api: no wamp.session.kill_by_authid`);
      throw e;
    }
    // The spec answers the list of sessions killed; Nexus answers their count.
    if (typeof killed === 'number') expect(killed).toBeGreaterThanOrEqual(1);
    else expect(killed).toContain(victimId);
    expect((await ended).reason).toBe('wamp.close.killed');
  });
}
