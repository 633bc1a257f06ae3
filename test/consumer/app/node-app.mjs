// Plain Node ESM against the installed tarball: the three entry points, one call end to end
// over WebSocket and one over RawSocket, and an error made in one entry point's code that is an
// instance of the class the main entry exports (one copy of each class, however many entries).
import { connect, TransportError, WampError } from 'wampkit';
import { decodeMessage } from 'wampkit/protocol';
import { rawSocketConnector } from 'wampkit/rawsocket';
import { Router } from 'wampkit/router';

const router = new Router({ realms: ['realm1'] });
const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
const rs = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });

const callee = await connect({ url: ws.url, realm: 'realm1' });
await callee.register('com.example.add', (args) => args[0] + args[1]);

const caller = await connect({ transport: rawSocketConnector({ url: rs.url }), realm: 'realm1', serializers: ['msgpack'] });
const { args } = await caller.call('com.example.add', [2, 3]);
let refused = '';
try {
  await caller.call('com.example.nothing');
} catch (e) {
  if (e instanceof WampError) refused = e.uri;
}
const unreachable = await connect({ transport: rawSocketConnector({ url: 'rs://127.0.0.1:1' }), realm: 'realm1', reconnect: false }).catch((e) => e);
await caller.close();
await callee.close();
await router.close();
console.log(JSON.stringify({ sum: args[0], refused, decode: typeof decodeMessage, sameClasses: unreachable instanceof TransportError }));
