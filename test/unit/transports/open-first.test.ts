/**
 * The first frame of a connection leaves at once (a HELLO or a WELCOME does not wait for the turn
 * to end); later frames of a turn are written together. A WebSocket connector says `open` to its
 * owner before its promise resolves, and hears of an abort through `onAbort`.
 */
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import { FrameBatcher } from '../../../src/transports/frame-batcher.js';
import type { Frame } from '../../../src/serializers/serializer.js';
import type { Transport, TransportEvents } from '../../../src/transports/transport.js';
import { webSocketConnector } from '../../../src/transports/websocket.js';

describe('FrameBatcher', () => {
  it('writes the first frame at once and batches the frames after it within a turn', async () => {
    const written: Frame[] = [];
    const batcher = new FrameBatcher({ writeFrame: (f) => void written.push(f), corkable: () => undefined });
    batcher.push('hello');
    expect(written).toEqual(['hello']);
    batcher.push('a');
    batcher.push('b');
    expect(written).toEqual(['hello']);
    await Promise.resolve();
    expect(written).toEqual(['hello', 'a', 'b']);
  });
});

describe('webSocketConnector', () => {
  let server: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('wamp.2.json') ? 'wamp.2.json' : false) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  });
  afterAll(async () => {
    for (const c of server.clients) c.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('says open (with the transport it resolves with) before its promise resolves', async () => {
    let resolved = false;
    let openedWith: Transport | undefined;
    let resolvedYetAtOpen: boolean | undefined;
    const events: TransportEvents = {
      message: () => undefined,
      close: () => undefined,
      open: (t) => {
        openedWith = t;
        resolvedYetAtOpen = resolved;
      },
    };
    const t = await webSocketConnector({ url })({ protocols: ['wamp.2.json'], events }).then((x) => {
      resolved = true;
      return x;
    });
    expect(openedWith).toBe(t);
    expect(resolvedYetAtOpen).toBe(false);
    t.close();
  });

  it('abandons an attempt through onAbort (closing the socket, rejecting)', async () => {
    let abandon: (() => void) | undefined;
    const events: TransportEvents = { message: () => undefined, close: () => undefined };
    const signalRead = vi.fn();
    const request = {
      protocols: ['wamp.2.json'],
      events,
      onAbort: (fn: () => void) => void (abandon = fn),
      get signal(): AbortSignal | undefined {
        signalRead();
        return undefined;
      },
    };
    const pending = webSocketConnector({ url })(request).catch((e: unknown) => e);
    expect(abandon).toBeTypeOf('function');
    abandon!();
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/aborted/);
    expect(signalRead).not.toHaveBeenCalled();
  });
});
