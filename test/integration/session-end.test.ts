/**
 * What the router said reaches the app: the GOODBYE or ABORT reason, message and details are in
 * `SessionEnd` and the closed/failed status, and who ended the run is told apart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, webSocketConnector, type Session, type SessionStatus } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

let router: Router;
afterEach(() => router?.close());

describe('how a session ended', () => {
  it('a kill with a message and no reason: kind goodbye, reason wamp.close.killed, the message, in closed() and the status', async () => {
    router = new Router({ realms: ['realm1'] });
    const victim = await connect({ transport: router.connector(), realm: 'realm1' });
    const admin = await router.internalSession('realm1'); // trusted: may use the meta API
    const statuses: SessionStatus[] = [];
    victim.onStatus((s) => statuses.push(s));
    await admin.call('wamp.session.kill', [victim.id], { message: 'maintenance window' });
    const end = await victim.closed();
    expect(end).toMatchObject({ type: 'closed', kind: 'goodbye', reason: 'wamp.close.killed', message: 'maintenance window' });
    expect(end.details).toMatchObject({ message: 'maintenance window' });
    expect(statuses.at(-1)).toMatchObject({ type: 'closed', kind: 'goodbye', message: 'maintenance window' });
    await admin.close();
  });

  it('our own close: kind local, with our message', async () => {
    router = new Router({ realms: ['realm1'] });
    const s: Session = await connect({ transport: router.connector(), realm: 'realm1' });
    const end = await s.close('wamp.close.normal', 'bye for now');
    expect(end).toMatchObject({ type: 'closed', kind: 'local', reason: 'wamp.close.normal', message: 'bye for now', error: undefined });
  });

  it('an ABORT at HELLO: kind abort, the router message and details', async () => {
    router = new Router({ realms: ['realm1'] });
    const err = await connect({ transport: router.connector(), realm: 'no.such.realm' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SessionAbortedError', reason: 'wamp.error.no_such_realm' });
    const s = await connect({ transport: router.connector(), realm: 'realm1' });
    await s.close();
  });
});

describe('close() releases the connection', () => {
  it('over WebSocket: once close() resolves, the socket is closed, not still closing', async () => {
    router = new Router({ realms: ['realm1'] });
    const { url } = await router.listenWebSocket({ port: 0 });
    const sockets: WebSocket[] = [];
    class Recorded extends WebSocket {
      constructor(address: string, protocols: string[]) {
        super(address, protocols);
        sockets.push(this);
      }
    }
    const s = await connect({ transport: webSocketConnector({ url, WebSocket: Recorded as unknown as typeof globalThis.WebSocket }), realm: 'realm1' });
    await s.close();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.readyState).toBe(WebSocket.CLOSED);
  });

  it('with a peer that never finishes the closing handshake, close() still resolves within closeTimeoutMs', async () => {
    router = new Router({ realms: ['realm1'] });
    const { url } = await router.listenWebSocket({ port: 0 });
    let socket: WebSocket | undefined;
    class Stuck extends WebSocket {
      constructor(address: string, protocols: string[]) {
        super(address, protocols);
        socket = this;
      }
      override close(): void {
        /* never closes: the closing handshake does not finish */
      }
    }
    const s = await connect({ transport: webSocketConnector({ url, WebSocket: Stuck as unknown as typeof globalThis.WebSocket }), realm: 'realm1', closeTimeoutMs: 300 });
    const end = await s.close();
    expect(end).toMatchObject({ type: 'closed', kind: 'local' });
    expect(socket!.readyState).toBe(WebSocket.OPEN);
    socket!.terminate();
  });
});
