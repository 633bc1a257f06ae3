/** V1Session over a fake v1 server (a connector that records frames and answers by behaviour). */
import { describe, expect, it, vi } from 'vitest';
import { ProtocolError, SessionClosedError, TimeoutError, TransportError, UsageError, WampError } from 'wampkit';
import type { Connector, TransportEvents } from 'wampkit';
import { V1Session } from 'wampkit/v1';

interface FakeServer {
  connector: Connector;
  sent: unknown[][];
  push(message: unknown[] | string): void;
  drop(code?: number): void;
}

/** A fake v1 server: WELCOME on open (before the connector resolves, as a fast server may). */
function fakeServer(welcome: unknown[] | null = [0, 'abc', 1, 'Fake/1'], hang = false): FakeServer {
  let events: TransportEvents | undefined;
  const server: FakeServer = {
    sent: [],
    connector: async ({ protocols, events: e }) => {
      expect(protocols).toEqual(['wamp']);
      events = e;
      if (welcome) e.message(JSON.stringify(welcome));
      let closed = false;
      return {
        protocol: 'wamp',
        send: (frame) => void server.sent.push(JSON.parse(String(frame)) as unknown[]),
        abort: () => {
          if (closed) return;
          closed = true;
          e.close({ wasClean: false, code: 1006, reason: 'aborted' });
        },
        close: (code) => {
          if (closed || hang) return;
          closed = true;
          queueMicrotask(() => e.close({ wasClean: true, code: code ?? 1000, reason: '' }));
        },
      };
    },
    push: (m) => events!.message(typeof m === 'string' ? m : JSON.stringify(m)),
    drop: (code = 1006) => events!.close({ wasClean: false, code, reason: 'dropped' }),
  };
  return server;
}

const open = async (server = fakeServer(), prefixes?: Record<string, string>) => {
  const session = await new V1Session({ transport: server.connector, ...(prefixes ? { prefixes } : {}) }).open();
  return { server, session };
};

describe('V1Session', () => {
  it('WELCOME opens it (even when it arrives before the transport is handed over); prefixes follow', async () => {
    const { server, session } = await open(fakeServer(), { p: 'http://x/y#' });
    expect(session.state).toBe('established');
    expect(session.id).toBe('abc');
    expect(server.sent).toEqual([[1, 'p', 'http://x/y#']]);
  });

  it('call sends CALL with positional args; CALLRESULT resolves; CALLERROR rejects with a resolved URI', async () => {
    const { server, session } = await open(fakeServer(), { e: 'http://x/error#' });
    const ok = session.call('e:add', [1, 2]);
    const bad = session.call('http://x/fail');
    expect(server.sent.slice(1)).toEqual([[2, '1', 'e:add', 1, 2], [2, '2', 'http://x/fail']]);
    server.push([3, '1', 3]);
    server.push([4, '2', 'e:oops', 'went wrong', { at: 1 }]);
    expect(await ok).toEqual({ args: [3], kwargs: {}, details: {} });
    const error = (await bad.catch((e: unknown) => e)) as WampError;
    expect(error).toBeInstanceOf(WampError);
    expect(error.uri).toBe('http://x/error#oops');
    expect(error.args).toEqual(['went wrong', { at: 1 }]);
  });

  it('refusals are immediate and nothing is sent', async () => {
    const { server, session } = await open();
    const before = server.sent.length;
    const attempts = [
      session.register('x.y', () => 1),
      session.call('x.y', [], { k: 1 }),
      session.call('x.y', [], undefined, { cancelMode: 'kill' }),
      session.call('x.y', [], undefined, { timeout: 5 }),
      session.publish('x.y', [1], undefined, { acknowledge: true }),
      session.publish('x.y', [1], undefined, { retain: true } as object),
      session.subscribe('x.y', () => undefined, { match: 'wildcard' }),
    ];
    for (const r of await Promise.allSettled(attempts)) {
      const reason = (r as PromiseRejectedResult).reason as UsageError;
      expect(reason).toBeInstanceOf(UsageError);
      expect(reason.uri).toBe('wamp.error.feature_not_supported');
    }
    const notAnOption = (await session.call('x.y', [], undefined, { colour: 'red' } as object).catch((e: unknown) => e)) as UsageError;
    expect(notAnOption.uri).toBe('wamp.error.invalid_argument');
    const twoValues = (await session.publish('x.y', [1, 2]).catch((e: unknown) => e)) as UsageError;
    expect(twoValues.uri).toBe('wamp.error.invalid_argument');
    const notAList = (await session.call('x.y', 'abc' as unknown as []).catch((e: unknown) => e)) as UsageError;
    expect(notAList.uri).toBe('wamp.error.invalid_argument');
    expect(server.sent.length).toBe(before);
  });

  it('publish maps exclude_me / exclude / eligible to v1 PUBLISH', async () => {
    const { server, session } = await open();
    await session.publish('t', ['e']);
    await session.publish('t', [], undefined, { exclude_me: false });
    await session.publish('t', [1], undefined, { exclude: ['q', 7] });
    await session.publish('t', [1], undefined, { exclude_me: false, eligible: ['q'] });
    expect(server.sent).toEqual([
      [7, 't', 'e'],
      [7, 't', null, false],
      [7, 't', 1, ['q', '7', 'abc']],
      [7, 't', 1, [], ['q']],
    ]);
  });

  it('subscribe: one SUBSCRIBE per topic, events to every handler, UNSUBSCRIBE with the last', async () => {
    const { server, session } = await open(fakeServer(), { t: 'http://x/t#' });
    const a = vi.fn();
    const b = vi.fn();
    const s1 = await session.subscribe('t:a', a);
    const s2 = await session.subscribe('http://x/t#a', b);
    expect(server.sent.slice(1)).toEqual([[5, 't:a']]);
    server.push([8, 'http://x/t#a', { v: 1 }]);
    expect(a).toHaveBeenCalledWith([{ v: 1 }], {}, expect.objectContaining({ topic: 'http://x/t#a', subscription: s1.id }));
    expect(b).toHaveBeenCalledTimes(1);
    await s1.unsubscribe();
    expect(await s1.ended).toBe('unsubscribed');
    expect(server.sent.length).toBe(2);
    await s2.unsubscribe();
    expect(server.sent.at(-1)).toEqual([6, 'http://x/t#a']);
  });

  it('a call timeout rejects locally and drops the late result', async () => {
    vi.useFakeTimers();
    try {
      const { server, session } = await open();
      const call = session.call('x', [], undefined, { timeoutMs: 1000 });
      const caught = call.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await caught).toBeInstanceOf(TimeoutError);
      server.push([3, '1', 'late']);
      expect(session.isEstablished).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lost connection settles every call and ends every subscription', async () => {
    const { server, session } = await open();
    const call = session.call('x').catch((e: unknown) => e);
    const sub = await session.subscribe('t', () => undefined);
    server.drop();
    expect(await call).toBeInstanceOf(SessionClosedError);
    expect(await sub.ended).toBe('session closed');
    expect((await session.closed()).type).toBe('closed');
  });

  it('a bad frame, a message before WELCOME, or a v2 WELCOME is a protocol violation', async () => {
    const { server, session } = await open();
    server.push('[8, 5]');
    const end = await session.closed();
    expect(end.error).toBeInstanceOf(ProtocolError);
    const early = await new V1Session({ transport: fakeServer([3, 'x', 1]).connector }).open().catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ProtocolError);
    const v2 = await new V1Session({ transport: fakeServer([0, 'x', 2, 'v2?']).connector }).open().catch((e: unknown) => e);
    expect(v2).toBeInstanceOf(ProtocolError);
  });

  it('no WELCOME before the socket closes: open rejects with TransportError; close() is orderly', async () => {
    const server = fakeServer(null);
    const opening = new V1Session({ transport: server.connector }).open().catch((e: unknown) => e);
    await Promise.resolve();
    server.drop();
    expect(await opening).toBeInstanceOf(TransportError);
    const { session } = await open();
    const end = await session.close();
    expect(end).toEqual({ type: 'closed', reason: 'closed by us', error: undefined });
    expect(session.state).toBe('closed');
    const never = new V1Session({ transport: fakeServer().connector });
    expect((await never.close()).type).toBe('closed');
    await expect(never.open()).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('bounds: no WELCOME within connectTimeoutMs, no closing handshake within closeTimeoutMs', async () => {
    vi.useFakeTimers();
    try {
      const silent = new V1Session({ transport: fakeServer(null).connector, connectTimeoutMs: 500 }).open().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(500);
      const error = await silent;
      expect(error).toBeInstanceOf(TransportError);
      expect(String(error)).toMatch(/no WELCOME within 500 ms/);
      const session = await new V1Session({ transport: fakeServer(undefined, true).connector, closeTimeoutMs: 300 }).open();
      const end = session.close();
      await vi.advanceTimersByTimeAsync(300);
      expect((await end).type).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('bounds: maxMessageBytes both ways; a value JSON cannot encode is refused', async () => {
    const server = fakeServer();
    const session = await new V1Session({ transport: server.connector, maxMessageBytes: 100 }).open();
    const big = (await session.call('x', ['y'.repeat(200)]).catch((e: unknown) => e)) as UsageError;
    expect(big.uri).toBe('wamp.error.invalid_argument');
    const bigint = (await session.publish('x', [10n]).catch((e: unknown) => e)) as UsageError;
    expect(bigint.uri).toBe('wamp.error.invalid_argument');
    expect(server.sent).toEqual([]);
    server.push([8, 't', 'z'.repeat(200)]);
    expect((await session.closed()).error).toBeInstanceOf(ProtocolError);
  });

  it('a prefix that is no URI is refused when the session is made', () => {
    expect(() => new V1Session({ transport: fakeServer().connector, prefixes: { 'a b': 'http://x' } })).toThrow(UsageError);
  });
});

