/**
 * The smallest complete wampkit program: start the embedded router on loopback, connect two
 * sessions over WebSocket (one JSON, one MessagePack), register and call a procedure, subscribe
 * and publish, then close everything. Run it with `npm run example`.
 */
import { Result, WampError, connect } from 'wampkit';
import { Router } from 'wampkit/router';

const router = new Router({ realms: ['realm1'] });
const listener = await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
console.log(`router listening on ${listener.url}`);

const backend = await connect({ url: listener.url, realm: 'realm1', serializers: ['msgpack'] });
const frontend = await connect({ url: listener.url, realm: 'realm1', serializers: ['json'] });
console.log(`backend session ${backend.id} (${backend.protocol}), frontend session ${frontend.id} (${frontend.protocol})`);

await backend.register('com.example.add', (args) => {
  const [a, b] = args as [number, number];
  if (typeof a !== 'number' || typeof b !== 'number') throw new WampError('com.example.error.not_a_number');
  return new Result([a + b], { by: 'backend' });
});
const sum = await frontend.call('com.example.add', [2, 3]);
console.log(`call com.example.add(2, 3) → ${JSON.stringify(sum.args)} ${JSON.stringify(sum.kwargs)}`);

try {
  await frontend.call('com.example.add', ['two', 3]);
} catch (error) {
  if (error instanceof WampError) console.log(`call with bad input → ERROR ${error.uri}`);
}

let eventReceived!: () => void;
const received = new Promise<void>((resolve) => (eventReceived = resolve));
await frontend.subscribe('com.example.temperature', (args, kwargs, details) => {
  console.log(`event on ${details.topic}: ${JSON.stringify(args)} ${JSON.stringify(kwargs)} (publication ${details.publication})`);
  eventReceived();
});
const info = await frontend.call('wampkit.router.info');
console.log(`router info: ${JSON.stringify(info.kwargs)}`);
const publication = await backend.publish('com.example.temperature', [21.5], { unit: 'C' }, { acknowledge: true });
console.log(`published (publication ${publication})`);
await received;

await frontend.close();
await backend.close();
await listener.close();
await router.close();
console.log('closed');
