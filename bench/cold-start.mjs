// What a Node app pays on start: a fresh process imports the library (and `ws` the way the
// library's README has it: wampkit loads it itself, wampy.js is handed the `ws` an app imports,
// Autobahn|JS finds it as the global WebSocket) and connects once to the embedded router with
// JSON. The clients are interleaved, each run a fresh process; medians and ranges over the runs.
// Unlike bench/run.mjs's "first connect()" (where `ws` is loaded beforehand for every client, so
// only each library's own code is timed), this times everything the app waits for.
//
//   npm run build && node bench/cold-start.mjs [--runs 12]
//   node bench/cold-start.mjs --one LIB URL   (one measurement; what the loop runs)
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '12' }, one: { type: 'boolean' } }, allowPositionals: true });

/** Imports `lib` as its README shows and connects once; resolves with the ms it took and a close. */
const START = {
  async wampkit(url) {
    const { connect } = await import('../dist/node/index.js');
    const s = await connect({ url, realm: 'realm1', reconnect: false });
    return () => s.close();
  },
  async wampy(url) {
    const { default: WebSocket } = await import('ws');
    const { Wampy } = await import('wampy');
    const { JsonSerializer } = await import('wampy/JsonSerializer.js');
    const w = new Wampy(url, { realm: 'realm1', ws: WebSocket, serializer: new JsonSerializer(), autoReconnect: false });
    await w.connect();
    return () => w.disconnect();
  },
  async autobahn(url) {
    const { default: WebSocket } = await import('ws');
    globalThis.WebSocket = WebSocket;
    const { createRequire } = await import('node:module');
    const ab = createRequire(import.meta.url)('autobahn');
    const connection = new ab.Connection({ url, realm: 'realm1', max_retries: 0 });
    await new Promise((resolve, reject) => {
      connection.onopen = resolve;
      connection.onclose = (reason) => {
        reject(new Error(`autobahn: ${reason}`));
        return true;
      };
      connection.open();
    });
    return () => connection.close();
  },
};

if (values.one) {
  const [lib, url] = positionals;
  const t0 = performance.now();
  await START[lib](url);
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
  process.exit(0);
}

const runs = Number(values.runs);
// Loaded here, not at the top: a measured child process imports nothing of the benchmark's own.
const { startRouter } = await import('./processes.mjs');
const router = await startRouter('embedded');
const url = router.url;
const libs = Object.keys(START);
const times = Object.fromEntries(libs.map((l) => [l, []]));
try {
  for (let run = 0; run < runs; run++) {
    for (const lib of libs.map((_, i) => libs[(i + run) % libs.length])) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', lib, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
      times[lib].push(JSON.parse(out.trim().split('\n').at(-1)).ms);
    }
  }
} finally {
  router.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`| client | import + first connect, ms (median, range over ${runs} fresh processes) |\n|---|---|`);
for (const lib of libs) console.log(`| ${lib} | ${median(times[lib]).toFixed(1)} (${Math.min(...times[lib]).toFixed(1)}–${Math.max(...times[lib]).toFixed(1)}) |`);
