import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from '../../src/router/index.js';
import { RawClient, type Msg } from './raw-client.js';

const CALL = 48;
const CANCEL = 49;
const RESULT = 50;
const ERROR = 8;
const INVOCATION = 68;
const INTERRUPT = 69;
const YIELD = 70;

const CALLEE_WITHOUT_CANCELING = { callee: { features: { progressive_call_results: true } } };

describe('dealer: advanced RPC', () => {
  let router: Router;
  let caller: RawClient;
  let callee: RawClient;
  beforeEach(async () => {
    router = new Router({ info: false });
    caller = await RawClient.join(router.connector());
    callee = await RawClient.join(router.connector(), { serializer: 'msgpack' });
    await callee.register('com.example.proc');
  });
  afterEach(async () => {
    await router.close();
  });

  const call = (options: object = {}, args?: unknown[], who = caller, id = who.id()): number => {
    const m: Msg = [CALL, id, options, 'com.example.proc'];
    if (args) m.push(args);
    who.send(m);
    return id;
  };
  const callError = (req: number, who = caller): Promise<Msg> => who.next((m) => m[0] === ERROR && m[1] === CALL && m[2] === req);
  /** Nothing more arrived for request `req` at the caller (after a router round trip). */
  const nothingFor = async (req: number): Promise<void> => {
    await callee.sync();
    await caller.sync();
    expect(caller.pending.filter((m) => (m[0] === RESULT && m[1] === req) || (m[0] === ERROR && m[2] === req))).toEqual([]);
  };

  it('progressive call results: receive_progress forwarded, YIELD progress → RESULT progress', async () => {
    const req = call({ receive_progress: true });
    const inv = await callee.nextOf(INVOCATION);
    expect(inv[3]).toEqual({ receive_progress: true });
    callee.send([YIELD, inv[1], { progress: true }, [1]]);
    callee.send([YIELD, inv[1], { progress: true }, [2]]);
    callee.send([YIELD, inv[1], {}, [3]]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, { progress: true }, [1]]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, { progress: true }, [2]]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, {}, [3]]);
    // Progressive YIELDs for a caller that did not ask are not forwarded.
    const plain = call();
    const inv2 = await callee.nextOf(INVOCATION);
    expect(inv2[3]).toEqual({});
    callee.send([YIELD, inv2[1], { progress: true }, ['ignored']]);
    callee.send([YIELD, inv2[1], {}, ['final']]);
    expect(await caller.nextOf(RESULT, plain)).toEqual([RESULT, plain, {}, ['final']]);
  });

  it('progressive call invocations: chunks reach the same INVOCATION request id', async () => {
    const req = caller.id();
    call({ progress: true }, ['a'], caller, req);
    call({ progress: true }, ['b'], caller, req);
    call({}, ['c'], caller, req);
    const chunks = [await callee.nextOf(INVOCATION), await callee.nextOf(INVOCATION), await callee.nextOf(INVOCATION)];
    expect(new Set(chunks.map((c) => c[1])).size).toBe(1);
    expect(chunks.map((c) => [c[3], c[4]])).toEqual([[{ progress: true }, ['a']], [{ progress: true }, ['b']], [{}, ['c']]]);
    callee.send([YIELD, chunks[0]![1], {}, ['abc']]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, {}, ['abc']]);
  });

  it('progressive call invocations: late chunks of a completed call are ignored', async () => {
    const req = caller.id();
    call({ progress: true }, ['a'], caller, req);
    const inv = await callee.nextOf(INVOCATION);
    callee.send([ERROR, INVOCATION, inv[1], {}, 'com.example.error.enough']);
    expect((await callError(req))[4]).toBe('com.example.error.enough');
    call({ progress: true }, ['late'], caller, req);
    await caller.sync();
    await callee.sync();
    expect(callee.pending.filter((m) => m[0] === INVOCATION)).toEqual([]);
    expect(caller.isClosed).toBe(false);
  });

  it('progressive call invocations need the caller to announce them (else ABORT)', async () => {
    const plain = await RawClient.join(router.connector(), { roles: { caller: {} } });
    call({ progress: true }, [], plain);
    expect((await plain.nextOf(3))[2]).toBe('wamp.error.protocol_violation');
  });

  it('progressive call invocations to a callee without support: feature_not_supported', async () => {
    const old = await RawClient.join(router.connector(), { roles: CALLEE_WITHOUT_CANCELING });
    await old.register('com.example.old');
    const req = caller.id();
    caller.send([CALL, req, { progress: true }, 'com.example.old']);
    expect((await callError(req))[4]).toBe('wamp.error.feature_not_supported');
  });

  it('cancel skip: ERROR canceled at once, no INTERRUPT, late YIELD dropped', async () => {
    const req = call();
    const inv = await callee.nextOf(INVOCATION);
    caller.send([CANCEL, req, { mode: 'skip' }]);
    expect((await callError(req))[4]).toBe('wamp.error.canceled');
    callee.send([YIELD, inv[1], {}, ['late']]);
    await nothingFor(req);
    expect(callee.pending.filter((m) => m[0] === INTERRUPT)).toEqual([]);
  });

  it('cancel kill: INTERRUPT to the callee, ERROR to the caller after the callee answers', async () => {
    const req = call();
    const inv = await callee.nextOf(INVOCATION);
    caller.send([CANCEL, req, { mode: 'kill' }]);
    const intr = await callee.nextOf(INTERRUPT);
    expect(intr).toEqual([INTERRUPT, inv[1], { mode: 'kill' }]);
    await nothingFor(req); // nothing before the callee answers
    callee.send([ERROR, INVOCATION, inv[1], {}, 'wamp.error.canceled', ['interrupted']]);
    const err = await callError(req);
    expect(err.slice(4)).toEqual(['wamp.error.canceled', ['interrupted']]);
  });

  it('cancel kill: a callee that finishes first yields a RESULT', async () => {
    const req = call();
    const inv = await callee.nextOf(INVOCATION);
    caller.send([CANCEL, req, { mode: 'kill' }]);
    await callee.nextOf(INTERRUPT);
    callee.send([YIELD, inv[1], {}, ['done anyway']]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, {}, ['done anyway']]);
  });

  it('cancel killnowait: ERROR at once and INTERRUPT; the callee answer is dropped', async () => {
    const req = call();
    const inv = await callee.nextOf(INVOCATION);
    caller.send([CANCEL, req, { mode: 'killnowait' }]);
    expect((await callError(req))[4]).toBe('wamp.error.canceled');
    expect(await callee.nextOf(INTERRUPT)).toEqual([INTERRUPT, inv[1], { mode: 'killnowait' }]);
    callee.send([ERROR, INVOCATION, inv[1], {}, 'wamp.error.canceled']);
    await nothingFor(req);
  });

  it('cancel of a callee without call canceling behaves as skip', async () => {
    const old = await RawClient.join(router.connector(), { roles: CALLEE_WITHOUT_CANCELING });
    await old.register('com.example.old');
    const req = caller.id();
    caller.send([CALL, req, {}, 'com.example.old']);
    await old.nextOf(INVOCATION);
    caller.send([CANCEL, req, { mode: 'kill' }]);
    expect((await callError(req))[4]).toBe('wamp.error.canceled');
    await old.sync();
    expect(old.pending.filter((m) => m[0] === INTERRUPT)).toEqual([]);
  });

  it('call timeout: the dealer interrupts the callee and answers wamp.error.timeout', async () => {
    const req = call({ timeout: 20 });
    const inv = await callee.nextOf(INVOCATION);
    expect(inv[3]).toEqual({});
    const intr = await callee.nextOf(INTERRUPT);
    expect(intr).toEqual([INTERRUPT, inv[1], { mode: 'killnowait', reason: 'wamp.error.timeout' }]);
    expect((await callError(req))[4]).toBe('wamp.error.timeout');
    callee.send([YIELD, inv[1], {}, ['too late']]);
    await nothingFor(req);
  });

  it('call timeout: forwarded to a callee that registered with forward_timeout', async () => {
    await callee.register('com.example.fwd', { forward_timeout: true });
    const req = caller.id();
    caller.send([CALL, req, { timeout: 5000 }, 'com.example.fwd']);
    const inv = await callee.nextOf(INVOCATION);
    expect(inv[3]).toEqual({ timeout: 5000 });
    callee.send([YIELD, inv[1], {}]);
    await caller.nextOf(RESULT, req);
  });

  it('a call answered in time is not timed out', async () => {
    const req = call({ timeout: 10_000 });
    const inv = await callee.nextOf(INVOCATION);
    callee.send([YIELD, inv[1], {}, ['ok']]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, {}, ['ok']]);
  });

  it('callee disconnect mid-call: the caller gets wamp.error.canceled', async () => {
    const req = call();
    await callee.nextOf(INVOCATION);
    callee.close();
    const err = await callError(req);
    expect(err[4]).toBe('wamp.error.canceled');
    expect(router.realm('realm1').registrationCount).toBe(0);
  });

  it('caller disconnect mid-call: the callee is interrupted (killnowait), its YIELD dropped', async () => {
    const other = await RawClient.join(router.connector());
    call({ receive_progress: true }, [], other);
    const inv = await callee.nextOf(INVOCATION);
    other.close();
    expect(await callee.nextOf(INTERRUPT)).toEqual([INTERRUPT, inv[1], { mode: 'killnowait' }]);
    callee.send([YIELD, inv[1], { progress: true }, [1]]);
    callee.send([YIELD, inv[1], {}, [2]]);
    await callee.sync();
    expect(callee.isClosed).toBe(false);
  });

  it('passes transparent payloads through (payload passthru mode)', async () => {
    const bytes = new Uint8Array([9, 8, 7]);
    const req = caller.id();
    caller.send([CALL, req, { ppt_scheme: 'x_test', ppt_serializer: 'cbor' }, 'com.example.proc', [bytes]]);
    const inv = await callee.nextOf(INVOCATION);
    expect(inv[3]).toEqual({ ppt_scheme: 'x_test', ppt_serializer: 'cbor' });
    expect(inv[4]).toEqual([bytes]);
    callee.send([YIELD, inv[1], { ppt_scheme: 'x_test' }, [bytes]]);
    expect(await caller.nextOf(RESULT, req)).toEqual([RESULT, req, { ppt_scheme: 'x_test' }, [bytes]]);
    // A caller that did not announce payload passthru is aborted for using it.
    const plain = await RawClient.join(router.connector(), { roles: { caller: {} } });
    plain.send([CALL, 1, { ppt_scheme: 'x_test' }, 'com.example.proc', [bytes]]);
    expect((await plain.nextOf(3))[2]).toBe('wamp.error.protocol_violation');
  });
});
