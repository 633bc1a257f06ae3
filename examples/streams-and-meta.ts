/**
 * PubSub streams and the Meta API: sensors publish readings, a dashboard consumes them with
 * `for await` (a bounded buffer that drops the oldest when it falls behind), an operator lists
 * the realm's sessions with `session.meta` and hears a sensor leave through its testament and
 * the `on_leave` meta event. Run it with `npx tsx examples/streams-and-meta.ts`.
 */
import { connect, ticketAuth } from 'wampkit';
import { Router, staticAuthenticator } from 'wampkit/router';

const router = new Router({
  realms: ['realm1'],
  // The operator gets the meta API through its role; everybody else joins anonymously.
  authenticate: staticAuthenticator({ ticket: { operator: { ticket: 'op-secret', role: 'admin' } }, anonymousRole: 'anonymous' }),
});
const { url } = await router.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });

const operator = await connect({ url, realm: 'realm1', auth: ticketAuth('operator', 'op-secret') });
const dashboard = await connect({ url, realm: 'realm1' });
const sensors = await Promise.all(['kitchen', 'hall'].map(() => connect({ url, realm: 'realm1', serializers: ['msgpack'] })));

// Each sensor leaves a testament: the router publishes it however the sensor goes away.
for (const [i, s] of sensors.entries()) await s.meta.session.addTestament('home.sensor.lost', [['kitchen', 'hall'][i]]);

let lost!: (room: string) => void;
const sensorLost = new Promise<string>((resolve) => (lost = resolve));
await operator.subscribe('home.sensor.lost', (args) => lost(String(args[0])));
let left!: (id: number) => void;
const sessionLeft = new Promise<number>((resolve) => (left = resolve));
await operator.meta.session.onLeave(({ session }) => left(session));

// The realm as the operator sees it.
for (const id of await operator.meta.session.list()) {
  const { authid, authrole } = await operator.meta.session.get(id);
  console.log(`session ${id === operator.id ? '(operator)' : id}: ${authrole}${authrole === 'admin' ? ` ${authid}` : ''}`);
}

// The dashboard reads readings as a stream; leaving the loop unsubscribes.
const readings = await dashboard.subscribe('home.temperature', { match: 'prefix', bufferSize: 16, overflow: 'drop-oldest' });
const publishing = (async () => {
  for (let n = 0; n < 3; n++) {
    for (const [i, s] of sensors.entries()) {
      await s.publish(`home.temperature.${['kitchen', 'hall'][i]}`, [20 + n + i / 10], {}, { acknowledge: true });
    }
  }
})();
let seen = 0;
for await (const { args, details } of readings) {
  console.log(`${details.topic}: ${String(args[0])} °C`);
  if (++seen === 6) break;
}
await publishing;
console.log(`stream ended (dropped ${readings.dropped}), subscription active: ${String(readings.active)}`);

// The hall sensor goes away: its testament and the meta event tell the operator.
const hallId = sensors[1]!.id;
await sensors[1]!.close();
console.log(`sensor lost: ${await sensorLost}`);
console.log(`session left: ${(await sessionLeft) === hallId ? 'the hall sensor' : 'someone else'}`);

await Promise.all([sensors[0]!.close(), dashboard.close(), operator.close()]);
await router.close();
console.log('closed');
