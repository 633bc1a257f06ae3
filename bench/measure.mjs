// One measurement in a fresh Node process (so JIT and GC state never carry over between
// clients): node --expose-gc bench/measure.mjs CLIENT SERIALIZER SCENARIO URL [ECHO_URL]
// Prints one JSON line. CPU is process.cpuUsage() (user + system) over the measured window;
// everything is bounded in count, and a scenario that does not finish in 60 s fails.
import { performance } from 'node:perf_hooks';
import { CLIENTS } from './clients.mjs';

const [client, serializer, scenario, url, echoUrl] = process.argv.slice(2);
const make = () => CLIENTS[client](url, serializer, echoUrl);
const N = Number(process.env.BENCH_N ?? 10_000);
// Operations before the window, the same way as in it, so the window measures a client in steady
// state: with 500, V8's optimizing compiler (its threads count in the process's CPU) still did
// about half of a 10,000-call window's work, compiling (and recompiling) each library's hot path.
const WARM = Number(process.env.BENCH_WARM ?? 10_000);
const IN_FLIGHT = 64;
const PAYLOAD = [1, 'some text', { nested: [1, 2, 3] }];

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const guard = setTimeout(() => {
  console.error(`${client} ${scenario}: did not finish in 60 s`);
  process.exit(2);
}, 60_000);

/** `count` calls, IN_FLIGHT at a time. */
async function pipelined(c, count) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        next++;
        await c.call('bench.echo', PAYLOAD);
      }
    }),
  );
}

async function calls() {
  const c = await make();
  await pipelined(c, WARM);
  const c0 = cpu();
  const t0 = performance.now();
  await pipelined(c, N);
  const seconds = (performance.now() - t0) / 1000;
  const used = cpu() - c0;
  await c.close();
  return { cpuUsPerOp: used / N, opsPerSec: N / seconds };
}

async function sequential() {
  const c = await make();
  const n = Math.min(N, 3000);
  for (let i = 0; i < Math.min(WARM, n); i++) await c.call('bench.echo', PAYLOAD);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.call('bench.echo', PAYLOAD);
    lat[i] = performance.now() - t;
  }
  await c.close();
  lat.sort();
  return { p50Ms: lat[Math.floor(n * 0.5)], p99Ms: lat[Math.floor(n * 0.99)] };
}

async function events() {
  const c = await make();
  const topic = `bench.feed.${process.pid}`;
  let got = 0;
  let want = WARM;
  let c1 = 0;
  let t1 = 0;
  let reached = () => {};
  await c.subscribe(topic, () => {
    if (++got === want) {
      c1 = cpu();
      t1 = performance.now();
      reached();
    }
  });
  const until = (n) =>
    new Promise((resolve) => {
      if (got >= n) return resolve(true);
      const giveUp = setTimeout(() => resolve(false), 10_000);
      reached = () => {
        clearTimeout(giveUp);
        resolve(true);
      };
    });
  // The warm-up in two rounds, each a call that asks the peer to publish and ends with its RESULT,
  // as the window does: a library whose code V8 optimized for EVENTs alone throws that code away
  // at the first RESULT after them and compiles it again, and with one round that happened
  // inside the window (node --trace-opt: 38-46 ms of compiling in a 10,000-event window for
  // wampkit, 14-17 for Autobahn|JS), measuring V8's compiler rather than a steady state.
  for (const count of [Math.ceil(WARM / 2), Math.floor(WARM / 2)]) {
    got = 0;
    want = count;
    const warm = until(count);
    await c.callKw('bench.publish', { topic, count, window: 16 });
    await warm;
  }
  got = 0;
  want = N;
  const c0 = cpu();
  const t0 = performance.now();
  const all = until(N);
  const [published] = await c.callKw('bench.publish', { topic, count: N, window: 16 });
  const complete = await all;
  const used = (complete ? c1 : cpu()) - c0;
  const seconds = ((complete ? t1 : performance.now()) - t0) / 1000;
  await c.close();
  return { cpuUsPerOp: used / Math.max(got, 1), opsPerSec: got / seconds, received: got, lost: Number(published) - got };
}

async function connectTime() {
  const n = 30;
  const times = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const c = await make();
    if (i >= 3) times.push(performance.now() - t);
    await c.close();
  }
  times.sort((a, b) => a - b);
  return { connectMs: times[Math.floor(n / 2)] };
}

/**
 * The first connect() of a fresh process, the library's own import included: what a command-line
 * tool or a serverless function pays once per start. `ws` is loaded beforehand for every client
 * alike (bench/clients.mjs imports it), so the import is each library's own code.
 */
async function firstConnect() {
  const t = performance.now();
  const c = await make();
  const ms = performance.now() - t;
  await c.close();
  return { firstConnectMs: ms };
}

async function heap() {
  const n = Number(process.env.BENCH_SESSIONS ?? 1000);
  const first = await make(); // load the library and its codecs before the baseline
  globalThis.gc();
  globalThis.gc();
  const h0 = process.memoryUsage().heapUsed;
  const sessions = [];
  for (let i = 0; i < n; i++) sessions.push(await make());
  globalThis.gc();
  globalThis.gc();
  const h1 = process.memoryUsage().heapUsed;
  for (const s of sessions) await s.close();
  await first.close();
  return { heapKBPerSession: (h1 - h0) / 1024 / n };
}

const SCENARIOS = { calls, sequential, events, connect: connectTime, first: firstConnect, heap };
try {
  const result = await SCENARIOS[scenario]();
  console.log(JSON.stringify(result));
  clearTimeout(guard);
  process.exit(0);
} catch (e) {
  console.error(`${client} ${serializer} ${scenario}: ${e?.stack ?? e}`);
  process.exit(1);
}
