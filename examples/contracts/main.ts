/**
 * A contract shared by a Node callee and a caller: types inferred from the schemas, checks on
 * both sides. Run it with `npx tsx examples/contracts/main.ts`.
 */
import * as z from 'zod/mini';
import { connect, UsageError, WampError } from 'wampkit';
import { Router } from 'wampkit/router';
import { heatUp, reading, setTarget } from './contract.js';
import { startThermostat } from './service.js';

z.config(z.locales.en()); // zod/mini ships no messages by default: English ones, for the log below

const router = new Router({ realms: ['realm1'] });
const { url } = await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
const service = await connect({ url, realm: 'realm1', serializers: ['msgpack'] });
const app = await connect({ url, realm: 'realm1' });

let heard!: () => void;
const firstReading = new Promise<void>((resolve) => (heard = resolve));
await app.subscribe(reading, ([t], { unit }) => {
  console.log(`reading: ${t} ${unit}`); // t: number, unit: 'C' | 'F'
  heard();
});
await startThermostat(service);
await firstReading;

const applied = await app.call(setTarget, [21], { unit: 'C' }); // { target: number; unit: 'C' | 'F' }
console.log(`target set: ${applied.target} ${applied.unit}`);

const stream = app.callStream(heatUp, [21]);
for await (const degree of stream) console.log(`heating: ${degree}`);
console.log(`heat up: ${await stream.result}`);

// Wrong input fails before anything is sent…
try {
  await app.call(setTarget, [99]);
} catch (error) {
  if (error instanceof UsageError) console.log(`refused locally: ${error.message}`);
}
// …and a client without the contract is refused by the callee, with the issue paths.
try {
  await app.call('home.thermostat.set_target', ['warm']);
} catch (error) {
  if (error instanceof WampError) console.log(`refused by the callee: ${error.uri} ${JSON.stringify(error.kwargs['issues'])}`);
}

await Promise.all([app.close(), service.close()]);
await router.close();
console.log('closed');
