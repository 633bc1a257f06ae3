/**
 * Heartbeats against each real router: an idle session probes its router (a WebSocket ping, a
 * RawSocket PING where the router answers it, or the WAMP round trip browsers use: a CALL every
 * router answers with ERROR) and stays established for many heartbeat timeouts, so every probe was
 * answered. Against Crossbar.io a RawSocket PING is not answered (Autobahn|Python reads it as the
 * length of a 16 MiB message and stops reading), so RawSocket sessions probe with the WAMP round
 * trip unless `ping: true` is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Session } from '../../src/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';
import type { Connector, Transport } from '../../src/transports/transport.js';
import { webSocketConnector } from '../../src/transports/websocket.js';
import { selectedTargets } from './real-routers.js';

const HEARTBEAT = { intervalMs: 100, timeoutMs: 500 };
/** Idle this long: several timeouts, so a probe that is not answered ends the session. */
const IDLE_MS = 2_000;

/** A connector whose transports have no ping, as in a browser: heartbeats use the WAMP round trip. */
function withoutPing(connector: Connector): Connector {
  return async (request) => {
    const t = await connector(request);
    const bare: Transport = {
      get protocol() { return t.protocol; },
      get endpoint() { return t.endpoint; },
      send: (frame) => t.send(frame),
      close: (code, reason) => t.close(code, reason),
      ...(t.abort ? { abort: () => t.abort!() } : {}),
    };
    return bare;
  };
}

async function idle(session: Session): Promise<string[]> {
  const seen: string[] = [];
  const off = session.onStatus((s) => seen.push(s.type));
  await new Promise((r) => setTimeout(r, IDLE_MS));
  off();
  return seen;
}

for (const target of selectedTargets()) {
  describe(`router ${target.name} heartbeats`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());

    const probes: Array<[string, () => Connector]> = [
      ['a WebSocket ping', () => webSocketConnector({ url: target.urls.websocket! })],
      ['the WAMP round trip over WebSocket (as in browsers)', () => withoutPing(webSocketConnector({ url: target.urls.websocket! }))],
      ['the WAMP round trip over RawSocket (the RawSocket default)', () => rawSocketConnector({ url: target.urls.rawsocket! })],
    ];
    if (target.name !== 'crossbar') probes.push(['a RawSocket PING (ping: true)', () => rawSocketConnector({ url: target.urls.rawsocket!, ping: true })]);

    it.each(probes)('[heartbeat] an idle session probing with %s stays established', async (_label, make) => {
      const session = await connect({ transport: make(), realm: 'realm1', heartbeat: HEARTBEAT });
      const seen = await idle(session);
      expect(seen).toEqual([]);
      expect(session.status.type).toBe('established');
      // And it still works after all that probing.
      await expect(session.call('com.wampkit.heartbeat.nothing_here')).rejects.toMatchObject({ name: 'WampError' });
      await session.close();
    });
  });
}
