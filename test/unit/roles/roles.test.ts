/**
 * Each role on its own, against a fake port (CONVENTIONS.md 6 and 11): what it sends, how it
 * handles each incoming message, and how it settles — no session, no transport, no router.
 */
import { describe, expect, it } from 'vitest';
import { SessionClosedError, UsageError, WampError } from '../../../src/errors.js';
import { MessageType } from '../../../src/protocol/message-type.js';
import type { WampMessage } from '../../../src/protocol/messages.js';
import { Callee } from '../../../src/roles/callee.js';
import { Caller } from '../../../src/roles/caller.js';
import type { RolePort } from '../../../src/roles/port.js';
import * as lazyRoles from '../../../src/roles/lazy-roles.js';
import { Publisher } from '../../../src/roles/publisher.js';
import { Subscriber } from '../../../src/roles/subscriber.js';
import { Result } from '../../../src/roles/types.js';

/** A port that records what a role sends; sending can be made to fail. */
class FakePort implements RolePort {
  readonly sent: WampMessage[] = [];
  readonly reported: unknown[] = [];
  established = true;
  features = new Set<string>(['call_canceling', 'progressive_call_invocations']);
  failNext: Error | undefined;
  #id = 0;
  send(message: WampMessage): Error | undefined {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      return e;
    }
    this.sent.push(message);
    return undefined;
  }
  nextRequestId(): number {
    return ++this.#id;
  }
  notEstablished(): Error | undefined {
    return this.established ? undefined : new SessionClosedError('not established');
  }
  routerHas(_role: 'dealer' | 'broker', feature: string): boolean {
    return this.features.has(feature);
  }
  reportError(error: unknown): void {
    this.reported.push(error);
  }
  loaded(): typeof lazyRoles {
    return lazyRoles;
  }
  afterLoad<T>(request: () => Promise<T>): Promise<T> {
    return request();
  }
  last(): WampMessage {
    return this.sent.at(-1)!;
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Caller', () => {
  it('sends CALL, resolves on RESULT, passes progressive results to onProgress', async () => {
    const port = new FakePort();
    const caller = new Caller(port);
    const chunks: unknown[] = [];
    const p = caller.call('com.example.p', [1], { k: 2 }, { onProgress: (c) => chunks.push(c.args[0]) });
    expect(port.last()).toEqual({ type: MessageType.CALL, requestId: 1, options: { receive_progress: true }, procedure: 'com.example.p', args: [1], kwargs: { k: 2 } });
    caller.onResult({ type: MessageType.RESULT, requestId: 1, details: { progress: true }, args: ['half'] });
    caller.onResult({ type: MessageType.RESULT, requestId: 1, details: {}, args: ['done'] });
    expect((await p).args).toEqual(['done']);
    expect(chunks).toEqual(['half']);
  });

  it('rejects with a WampError on ERROR', async () => {
    const port = new FakePort();
    const caller = new Caller(port);
    const p = caller.call('com.example.p');
    caller.onError({ type: MessageType.ERROR, requestType: MessageType.CALL, requestId: 1, details: {}, error: 'com.example.oops', args: ['why'] });
    await expect(p).rejects.toMatchObject({ uri: 'com.example.oops', args: ['why'] });
  });

  it('a send that fails rejects at once and leaves nothing pending', async () => {
    const port = new FakePort();
    const caller = new Caller(port);
    port.failNext = new UsageError('wamp.error.invalid_argument', 'cannot encode');
    await expect(caller.call('com.example.p', [], {}, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(UsageError);
    caller.onResult({ type: MessageType.RESULT, requestId: 1, details: {}, args: ['late'] }); // ignored
    expect(port.sent).toEqual([]);
  });

  it('is refused before anything is sent when not established', async () => {
    const port = new FakePort();
    port.established = false;
    await expect(new Caller(port).call('com.example.p')).rejects.toBeInstanceOf(SessionClosedError);
    expect(port.sent).toEqual([]);
  });

  it('rejectAll settles every outstanding call', async () => {
    const port = new FakePort();
    const caller = new Caller(port);
    const a = caller.call('com.example.a');
    const b = caller.call('com.example.b');
    caller.rejectAll(new SessionClosedError('gone'));
    await expect(a).rejects.toBeInstanceOf(SessionClosedError);
    await expect(b).rejects.toBeInstanceOf(SessionClosedError);
  });
});

describe('Callee', () => {
  async function registered(port: FakePort, handler: Parameters<Callee['register']>[1]): Promise<Callee> {
    const callee = new Callee(port);
    const reg = callee.register('com.example.proc', handler);
    callee.onRegistered({ type: MessageType.REGISTERED, requestId: 1, registration: 77 });
    await reg;
    return callee;
  }

  it('answers INVOCATION with YIELD (a value, or a Result)', async () => {
    const port = new FakePort();
    const callee = await registered(port, (args) => new Result([(args[0] as number) * 2], { ok: true }));
    callee.onInvocation({ type: MessageType.INVOCATION, requestId: 9, registration: 77, details: {}, args: [21] });
    expect(port.last()).toEqual({ type: MessageType.YIELD, requestId: 9, options: {}, args: [42], kwargs: { ok: true } });
  });

  it('answers a thrown WampError with ERROR of its URI, anything else with runtime_error (reported)', async () => {
    const port = new FakePort();
    const callee = await registered(port, (args) => {
      if (args[0] === 1) throw new WampError('com.example.nope', { args: ['no'] });
      throw new Error('bug');
    });
    callee.onInvocation({ type: MessageType.INVOCATION, requestId: 1, registration: 77, details: {}, args: [1] });
    expect(port.last()).toMatchObject({ type: MessageType.ERROR, requestId: 1, error: 'com.example.nope', args: ['no'] });
    callee.onInvocation({ type: MessageType.INVOCATION, requestId: 2, registration: 77, details: {}, args: [2] });
    expect(port.last()).toMatchObject({ type: MessageType.ERROR, requestId: 2, error: 'wamp.error.runtime_error', args: ['bug'] });
    expect(port.reported).toHaveLength(1);
  });

  it('INTERRUPT aborts the handler signal and answers ERROR wamp.error.canceled', async () => {
    const port = new FakePort();
    let signal: AbortSignal | undefined;
    const callee = await registered(port, (_a, _k, ctx) => {
      signal = ctx.signal;
      return new Promise(() => undefined);
    });
    callee.onInvocation({ type: MessageType.INVOCATION, requestId: 5, registration: 77, details: {} });
    callee.onInterrupt({ type: MessageType.INTERRUPT, requestId: 5, options: { mode: 'kill' } });
    expect(signal?.aborted).toBe(true);
    expect(port.last()).toMatchObject({ type: MessageType.ERROR, requestId: 5, error: 'wamp.error.canceled' });
  });

  it('an INVOCATION for an unknown registration gets ERROR no_such_registration', () => {
    const port = new FakePort();
    new Callee(port).onInvocation({ type: MessageType.INVOCATION, requestId: 3, registration: 404, details: {} });
    expect(port.last()).toMatchObject({ type: MessageType.ERROR, error: 'wamp.error.no_such_registration' });
  });

  it('a result that cannot be sent becomes ERROR invalid_argument that says so', async () => {
    const port = new FakePort();
    const callee = await registered(port, () => 'x');
    port.failNext = new UsageError('wamp.error.invalid_argument', 'YIELD cannot be encoded');
    callee.onInvocation({ type: MessageType.INVOCATION, requestId: 4, registration: 77, details: {} });
    expect(port.last()).toMatchObject({ type: MessageType.ERROR, requestId: 4, error: 'wamp.error.invalid_argument' });
    expect(String((port.last() as { args: unknown[] }).args[0])).toMatch(/the callee could not send the result/);
  });
});

describe('Publisher', () => {
  it('resolves at once without acknowledge; with it, on PUBLISHED with the publication id', async () => {
    const port = new FakePort();
    const pub = new Publisher(port);
    await expect(pub.publish('com.example.t', [1])).resolves.toBeUndefined();
    const acked = pub.publish('com.example.t', [2], {}, { acknowledge: true });
    pub.onPublished({ type: MessageType.PUBLISHED, requestId: 2, publication: 555 });
    await expect(acked).resolves.toBe(555);
  });

  it('rejects an acknowledged publish on ERROR, and any publish whose send fails', async () => {
    const port = new FakePort();
    const pub = new Publisher(port);
    const acked = pub.publish('com.example.t', [], {}, { acknowledge: true });
    pub.onError({ type: MessageType.ERROR, requestType: MessageType.PUBLISH, requestId: 1, details: {}, error: 'wamp.error.not_authorized' });
    await expect(acked).rejects.toMatchObject({ uri: 'wamp.error.not_authorized' });
    port.failNext = new UsageError('wamp.error.invalid_argument', 'too big');
    await expect(pub.publish('com.example.t', [])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('Subscriber', () => {
  it('subscribes, dispatches EVENTs to every local handler, and unsubscribes with the last one', async () => {
    const port = new FakePort();
    const sub = new Subscriber(port);
    const got: string[] = [];
    const first = sub.subscribe('com.example.t', (a) => void got.push(`a${String(a[0])}`));
    sub.onSubscribed({ type: MessageType.SUBSCRIBED, requestId: 1, subscription: 11 });
    const ha = await first;
    const hb = await sub.subscribe('com.example.t', (a) => void got.push(`b${String(a[0])}`));
    expect(port.sent.filter((m) => m.type === MessageType.SUBSCRIBE)).toHaveLength(1);
    sub.onEvent({ type: MessageType.EVENT, subscription: 11, publication: 1, details: {}, args: [1] });
    expect(got).toEqual(['a1', 'b1']);
    await ha.unsubscribe();
    expect(port.sent.some((m) => m.type === MessageType.UNSUBSCRIBE)).toBe(false);
    const last = hb.unsubscribe();
    expect(port.last()).toMatchObject({ type: MessageType.UNSUBSCRIBE, subscription: 11 });
    sub.onUnsubscribed({ type: MessageType.UNSUBSCRIBED, requestId: (port.last() as { requestId: number }).requestId });
    await last;
    expect(await hb.ended).toBe('unsubscribed');
  });

  it('reports an error a handler throws, and keeps calling the others', async () => {
    const port = new FakePort();
    const sub = new Subscriber(port);
    const got: number[] = [];
    const p = sub.subscribe('com.example.t', () => {
      throw new Error('handler bug');
    });
    sub.onSubscribed({ type: MessageType.SUBSCRIBED, requestId: 1, subscription: 5 });
    await p;
    await sub.subscribe('com.example.t', (a) => void got.push(a[0] as number));
    sub.onEvent({ type: MessageType.EVENT, subscription: 5, publication: 1, details: {}, args: [7] });
    await tick();
    expect(got).toEqual([7]);
    expect(port.reported).toHaveLength(1);
  });
});
