/**
 * The way from connect() to HELLO: a connector may say `open` before its promise resolves, and the
 * session speaks at once; an attempt is abandoned through `onAbort` (its `signal` is made only
 * for a connector that reads it); an anonymous HELLO is encoded once for all sessions alike.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../../src/session/session.js';
import { serializerFor } from '../../../src/serializers/load.js';
import type { Frame } from '../../../src/serializers/serializer.js';
import type { ConnectRequest, Connector, Transport, TransportEvents } from '../../../src/transports/transport.js';
import { ticketAuth } from '../../../src/auth/ticket.js';
import { fakeRouter } from './fake-router.js';

/** A transport that records what is sent, and reports its close. */
function recordingTransport(events: TransportEvents): Transport & { sent: Frame[] } {
  const sent: Frame[] = [];
  let closed = false;
  return {
    protocol: 'wamp.2.json',
    sent,
    send: (f) => void sent.push(f),
    close: () => {
      if (closed) return;
      closed = true;
      queueMicrotask(() => events.close({ wasClean: true, reason: 'closed' }));
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('connect path', () => {
  it('sends HELLO inside the connector’s open call, before its promise resolves', async () => {
    let t!: ReturnType<typeof recordingTransport>;
    let sentDuringOpen: number | undefined;
    let open!: () => void;
    const connector: Connector = (request) =>
      new Promise<Transport>((resolve) => {
        t = recordingTransport(request.events);
        open = () => {
          request.events.open?.(t);
          sentDuringOpen = t.sent.length;
          resolve(t);
        };
      });
    const session = new Session({ transport: connector, realm: 'realm.sync-open', serializers: ['json'] });
    void session.open().catch(() => undefined);
    await vi.waitUntil(() => open !== undefined);
    open();
    expect(sentDuringOpen).toBe(1);
    expect(JSON.parse(t.sent[0] as string)[0]).toBe(1); // HELLO
    await Promise.resolve();
    expect(t.sent).toHaveLength(1); // the promise resolving later sends nothing twice
    await session.close();
  });

  it('hears a connector that says open inside its own call, before it returns (HELLO goes out, no hang)', async () => {
    let t!: ReturnType<typeof recordingTransport>;
    let events!: TransportEvents;
    const connector: Connector = (request) => {
      events = request.events;
      t = recordingTransport(events);
      events.open?.(t);
      return Promise.resolve(t);
    };
    const session = new Session({ transport: connector, realm: 'realm.sync-call', serializers: ['json'] });
    const opened = session.open();
    expect(t.sent).toHaveLength(1);
    expect(JSON.parse(t.sent[0] as string)[0]).toBe(1); // HELLO
    events.message('[2,4242,{"roles":{"dealer":{},"broker":{}}}]');
    expect((await opened).id).toBe(4242);
    events.close({ wasClean: false, reason: 'dropped' });
    await session.closed();
  });

  it('abandons an attempt through onAbort, without an AbortSignal unless a connector reads one', async () => {
    const abandon = vi.fn();
    let request!: ConnectRequest;
    const connector: Connector = (r) => {
      request = r;
      r.onAbort?.(abandon);
      return new Promise<Transport>(() => undefined); // never opens
    };
    const session = new Session({ transport: connector, realm: 'realm1', serializers: ['json'] });
    const opened = session.open().catch((e: unknown) => e);
    await vi.waitUntil(() => request !== undefined);
    await session.close();
    expect(await opened).toBeInstanceOf(Error);
    expect(abandon).toHaveBeenCalledTimes(1);
    // A connector that reads `signal` only now still finds it aborted.
    expect(request.signal?.aborted).toBe(true);
  });

  it('aborts the signal of a connector that read it before the attempt was abandoned', async () => {
    let signal: AbortSignal | undefined;
    const connector: Connector = ({ signal: s }) => {
      signal = s;
      return new Promise<Transport>((_resolve, reject) => s?.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const session = new Session({ transport: connector, realm: 'realm1', serializers: ['json'] });
    const opened = session.open().catch((e: unknown) => e);
    await vi.waitUntil(() => signal !== undefined);
    expect(signal!.aborted).toBe(false);
    await session.close();
    expect(signal!.aborted).toBe(true);
    expect(await opened).toBeInstanceOf(Error);
  });

  it('encodes an anonymous HELLO once for sessions alike, and again for another realm or with credentials', async () => {
    const json = serializerFor('json') as Exclude<ReturnType<typeof serializerFor>, Promise<unknown>>;
    const encode = vi.spyOn(json, 'encode');
    const hellos = (): number => encode.mock.calls.filter(([m]) => m[0] === 1).length;
    const router = fakeRouter();
    const hellosSeen = (): unknown[][] => router.received.filter((m) => m[0] === 1);
    const run = async (realm: string, auth?: ReturnType<typeof ticketAuth>): Promise<void> => {
      const s = new Session({ transport: router.connector, realm, serializers: ['json'], ...(auth ? { auth } : {}) });
      await s.open();
      // The fake router does not answer GOODBYE: it drops the connection instead.
      const closed = s.closed();
      router.drop();
      await closed;
    };
    await run('realm.alike');
    expect(hellos()).toBe(1);
    await run('realm.alike');
    expect(hellos()).toBe(1); // the same frame again
    await run('realm.other');
    expect(hellos()).toBe(2);
    await run('realm.alike', ticketAuth('joe', 'secret'));
    expect(hellos()).toBe(3);
    const sent = hellosSeen();
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[2]![1]).toBe('realm.other');
    expect((sent[3]![2] as { authid?: string }).authid).toBe('joe');
  });
});
