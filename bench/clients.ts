/**
 * Calls/s and events/s of wampkit, Autobahn|JS and wampy.js side by side, each client talking to
 * itself (callee and caller, publisher and subscriber of the same library) through the same
 * router on loopback. Run: `npm run bench` (Nexus, started by scripts/start-router.sh) or
 * `npm run bench -- embedded`. Bounded: a fixed number of calls and events per run.
 */
import { performance } from 'node:perf_hooks';
import { Result, connect } from '../src/index.js';
import { Router } from '../src/router/index.js';
import type { SerializerName } from '../src/serializers/index.js';
import { autobahnPeer, wampyPeer, type Payload, type Peer } from '../test/interop/peers.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 20_000);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const IN_FLIGHT = 64;

async function wampkitPeer(url: string, serializer: SerializerName): Promise<Peer> {
  const s = await connect({ url, realm: 'realm1', serializers: [serializer] });
  return {
    name: 'wampkit',
    async register(uri, fn) {
      await s.register(uri, (args, kwargs) => {
        const out = fn({ args, kwargs }) as Payload;
        return new Result(out.args, out.kwargs);
      });
    },
    async call(uri, p) {
      const r = await s.call(uri, p.args, p.kwargs);
      return { args: r.args, kwargs: r.kwargs };
    },
    async subscribe(uri, handler) {
      await s.subscribe(uri, (args, kwargs) => handler({ args, kwargs }));
    },
    async publish(uri, p) {
      await s.publish(uri, p.args, p.kwargs);
    },
    async close() {
      await s.close();
    },
  };
}

const CLIENTS = { wampkit: wampkitPeer, autobahn: autobahnPeer, wampy: wampyPeer } as const;

async function callsPerSecond(make: (url: string, s: SerializerName) => Promise<Peer>, url: string, ser: SerializerName): Promise<number> {
  const callee = await make(url, ser);
  const caller = await make(url, ser);
  const uri = `bench.add.${Math.random().toString(36).slice(2)}`;
  await callee.register(uri, (p) => ({ args: [(p.args[0] as number) + 1], kwargs: {} }));
  const payload = { args: [1, 'some text', { nested: [1, 2, 3] }], kwargs: {} };
  for (let i = 0; i < 500; i++) await caller.call(uri, payload); // warm-up
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) {
        next++;
        await caller.call(uri, payload);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await caller.close();
  await callee.close();
  return CALLS / seconds;
}

async function eventsPerSecond(make: (url: string, s: SerializerName) => Promise<Peer>, url: string, ser: SerializerName): Promise<number> {
  const sub = await make(url, ser);
  const pub = await make(url, ser);
  const topic = `bench.feed.${Math.random().toString(36).slice(2)}`;
  let got = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  await sub.subscribe(topic, () => {
    if (++got === EVENTS) done();
  });
  const payload = { args: [21.5, 'C', { room: 'kitchen' }], kwargs: {} };
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    void pub.publish(topic, payload);
    if (i % 500 === 0) await new Promise((r) => setImmediate(r)); // let frames flow
  }
  await Promise.race([all, new Promise((_, rej) => setTimeout(() => rej(new Error(`only ${got} of ${EVENTS} events arrived`)), 60_000))]);
  const seconds = (performance.now() - t0) / 1000;
  await pub.close();
  await sub.close();
  return EVENTS / seconds;
}

const which = process.argv[2] ?? 'nexus';
let url = 'ws://127.0.0.1:18180/ws';
let router: Router | undefined;
if (which === 'embedded') {
  router = new Router({ realms: ['realm1'] });
  url = (await router.listenWebSocket({ port: 0 })).url;
}
console.log(`router: ${which} (${url}), ${CALLS} calls with ${IN_FLIGHT} in flight, ${EVENTS} events; node ${process.version}`);
for (const ser of ['json', 'msgpack'] as const) {
  const rows: Array<[string, number, number]> = [];
  for (const [name, make] of Object.entries(CLIENTS)) {
    const calls = await callsPerSecond(make, url, ser);
    const events = await eventsPerSecond(make, url, ser);
    rows.push([name, calls, events]);
  }
  const base = rows[0]!;
  console.log(`\n${ser}`);
  console.log('| client | calls/s | vs wampkit | events/s | vs wampkit |');
  console.log('|---|---|---|---|---|');
  for (const [name, calls, events] of rows) {
    console.log(`| ${name} | ${Math.round(calls)} | ${(calls / base[1]).toFixed(2)} | ${Math.round(events)} | ${(events / base[2]).toFixed(2)} |`);
  }
}
await router?.close();
