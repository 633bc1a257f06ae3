/** V1BridgeTransport alone: a fake v1 WebSocket on one side, a fake router session on the other. */
import { describe, expect, it, vi } from 'vitest';
import type { TransportEvents } from '../../src/transports/transport.js';
import { V1BridgeTransport } from '../../src/router/v1-bridge.js';

function fakeInner() {
  const sent: unknown[][] = [];
  let events: TransportEvents | undefined;
  const inner = {
    protocol: 'wamp',
    send: (frame: string | Uint8Array) => void sent.push(JSON.parse(String(frame)) as unknown[]),
    close: vi.fn(),
    listen: (e: TransportEvents) => void (events = e),
  };
  return { inner, sent, client: (m: unknown[]) => events!.message(JSON.stringify(m)) };
}

describe('V1BridgeTransport', () => {
  it('answers the router\'s GOODBYE once, and not from inside send() (a router still sending would see it as new)', async () => {
    const { inner } = fakeInner();
    const bridge = new V1BridgeTransport(inner, { realm: 'realm1' });
    const toRouter: unknown[][] = [];
    // Like RouterSession: it answers a client's GOODBYE with GOODBYE, before it marks itself closing.
    bridge.listen({
      message: (frame) => {
        const m = JSON.parse(String(frame)) as unknown[];
        toRouter.push(m);
        if (m[0] === 6 && toRouter.length < 50) bridge.send(JSON.stringify([6, {}, 'wamp.close.goodbye_and_out']));
      },
      close: () => undefined,
    });
    bridge.send(JSON.stringify([2, 7, {}]));
    bridge.send(JSON.stringify([6, {}, 'wamp.close.system_shutdown']));
    expect(toRouter.map((m) => m[0])).toEqual([1]); // HELLO only, so far
    await Promise.resolve();
    expect(toRouter.map((m) => m[0])).toEqual([1, 6]);
    expect(inner.close).toHaveBeenCalledWith(1001, 'wamp.close.system_shutdown');
  });

  it('HELLO names the listener\'s realm; WELCOME reaches the client as a v1 WELCOME with the id as a string', () => {
    const { inner, sent } = fakeInner();
    const bridge = new V1BridgeTransport(inner, { realm: 'com.example.realm' });
    const toRouter: unknown[][] = [];
    bridge.listen({ message: (f) => void toRouter.push(JSON.parse(String(f)) as unknown[]), close: () => undefined });
    expect(toRouter[0]?.slice(0, 2)).toEqual([1, 'com.example.realm']);
    bridge.send(JSON.stringify([2, 12345, {}]));
    expect(sent).toEqual([[0, '12345', 1, 'wampkit-router']]);
  });

  it('UNSUBSCRIBE racing SUBSCRIBED: the undo goes to the router once, after send() returns', async () => {
    const { inner, client } = fakeInner();
    const bridge = new V1BridgeTransport(inner, { realm: 'realm1' });
    const toRouter: unknown[][] = [];
    bridge.listen({ message: (f) => void toRouter.push(JSON.parse(String(f)) as unknown[]), close: () => undefined });
    bridge.send(JSON.stringify([2, 7, {}]));
    client([5, 'com.example.t']);
    client([6, 'com.example.t']);
    const subscribe = toRouter.find((m) => m[0] === 32)!;
    bridge.send(JSON.stringify([33, subscribe[1], 99]));
    expect(toRouter.filter((m) => m[0] === 34)).toEqual([]);
    await Promise.resolve();
    expect(toRouter.filter((m) => m[0] === 34).map((m) => m[2])).toEqual([99]);
    bridge.send(JSON.stringify([36, 99, 1, {}, ['late']]));
    expect(inner.close).not.toHaveBeenCalled();
  });
});

