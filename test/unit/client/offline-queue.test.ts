/**
 * The offline queue on its own, with fake timers: order, the count and age bounds, a request's own
 * time limit and signal, the session ending; and no timer or listener left behind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OfflineQueue } from '../../../src/client/offline-queue.js';
import { CanceledError, SessionClosedError, TimeoutError, UsageError } from '../../../src/errors.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: Error) => e);

describe('OfflineQueue', () => {
  it('sends what waited, in order, once flushed, each with how long it waited; nothing is left running', async () => {
    const q = new OfflineQueue({ maxCount: 10, maxAgeMs: 1_000 });
    const sent: string[] = [];
    const waits: number[] = [];
    const a = q.push('call', 'a', (w) => (sent.push('a'), waits.push(w), Promise.resolve(1)));
    vi.advanceTimersByTime(300);
    const b = q.push('publish', 'b', (w) => (sent.push('b'), waits.push(w), Promise.resolve(2)));
    expect(q.pending.map((p) => `${p.kind} ${p.uri}`)).toEqual(['call a', 'publish b']);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(100);
    q.flush();
    expect(sent).toEqual(['a', 'b']);
    expect(waits).toEqual([400, 100]);
    expect(await a).toBe(1);
    expect(await b).toBe(2);
    expect(q.pending).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a request that waits longer than maxAgeMs is rejected with SessionClosedError, and leaves the queue', async () => {
    const q = new OfflineQueue({ maxAgeMs: 500 });
    const send = vi.fn(() => Promise.resolve());
    const r = settle(q.push('call', 'x', send));
    vi.advanceTimersByTime(499);
    expect(q.size).toBe(1);
    vi.advanceTimersByTime(1);
    const e = await r;
    expect(e).toBeInstanceOf(SessionClosedError);
    expect((e as Error).message).toMatch(/waited longer than 500 ms/);
    expect(q.size).toBe(0);
    q.flush();
    expect(send).not.toHaveBeenCalled();
  });

  it('one more than maxCount is rejected at once; the others still wait', async () => {
    const q = new OfflineQueue({ maxCount: 2 });
    const waiting = [settle(q.push('call', 'a', () => Promise.resolve())), settle(q.push('call', 'b', () => Promise.resolve()))];
    const e = await settle(q.push('call', 'c', () => Promise.resolve()));
    expect(e).toBeInstanceOf(SessionClosedError);
    expect((e as Error).message).toMatch(/offline queue is full \(2\)/);
    expect(q.size).toBe(2);
    q.flush();
    expect(await Promise.all(waiting)).toEqual([undefined, undefined]);
  });

  it("a call's own limit counts while it waits, with its own error", async () => {
    const q = new OfflineQueue({ maxAgeMs: 10_000 });
    const r = settle(q.push('call', 'x', () => Promise.resolve(), { limitMs: 50, onLimit: () => new TimeoutError(50) }));
    vi.advanceTimersByTime(50);
    expect(await r).toBeInstanceOf(TimeoutError);
    expect(q.size).toBe(0);
  });

  it('its signal cancels it while it waits (or at once when already aborted)', async () => {
    const q = new OfflineQueue({});
    const ac = new AbortController();
    const onAbort = () => new CanceledError('skip', { cause: ac.signal.reason });
    const r = settle(q.push('call', 'x', () => Promise.resolve(), { signal: ac.signal, onAbort }));
    expect(q.size).toBe(1);
    ac.abort('enough');
    const e = await r;
    expect(e).toBeInstanceOf(CanceledError);
    expect((e as Error).cause).toBe('enough');
    expect(q.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await settle(q.push('call', 'y', () => Promise.resolve(), { signal: ac.signal, onAbort }))).toBeInstanceOf(CanceledError);
    expect(q.size).toBe(0);
  });

  it('the session ending rejects everything waiting with its error; timers and listeners go too', async () => {
    const q = new OfflineQueue({});
    const ac = new AbortController();
    const rs = [settle(q.push('call', 'a', () => Promise.resolve())), settle(q.push('publish', 'b', () => Promise.resolve(), { signal: ac.signal, onAbort: () => new Error('x') }))];
    const end = new SessionClosedError('closed by the app');
    q.rejectAll(end);
    expect(await Promise.all(rs)).toEqual([end, end]);
    expect(vi.getTimerCount()).toBe(0);
    ac.abort(); // nothing left listening
  });

  it('bounds it cannot use are refused up front', () => {
    expect(() => new OfflineQueue({ maxCount: -1 })).toThrow(UsageError);
    expect(() => new OfflineQueue({ maxCount: 1.5 })).toThrow(UsageError);
    expect(() => new OfflineQueue({ maxAgeMs: Number.NaN })).toThrow(UsageError);
    expect(() => new OfflineQueue({ maxAgeMs: 2 ** 31 })).toThrow(UsageError);
  });
});
