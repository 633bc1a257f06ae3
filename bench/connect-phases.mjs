// Where a connect() goes, phase by phase, for each client side by side: the marks are taken in
// Node's socket layer only (a write, a read, the TCP connect), never in a client's own code, so
// every client is timed the same way and none pays for marks of its own.
//
//   node bench/connect-phases.mjs [--router embedded|nexus|crossbar] [--serializer json|msgpack]
//                                 [--processes 6] [--connects 40]
//
// Each client runs in `--processes` fresh Node processes (interleaved, the order rotating), each
// making `--connects` connects after 5 of warm-up, the way bench/measure.mjs's connect row does
// (each connect closed before the next). A process reports the median of each phase; the table
// is the median over processes, in µs. Phases, from the connect() call:
//   upgrade written (Node buffers it until the socket connects) → TCP connected → 101 read → HELLO written → WELCOME read → connect() settled
// Bounded: fixed counts, a 60 s guard per process, the router stopped at the end.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startRouter } from './processes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIENT_NAMES = ['wampkit', 'autobahn', 'wampy', 'floor2'];
const PHASES = ['upgrade written', 'TCP connected', '101 read', 'HELLO written', 'WELCOME read', 'settled'];

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else await parent();

/** One client in this process: prints one JSON line, the median time of each phase's end (ms). */
async function child(client, serializer, url, connects) {
  const guard = setTimeout(() => process.exit(2), 60_000);
  const { CLIENTS } = await import('./clients.mjs');
  let marks = null;
  let t0 = 0;
  const proto = net.Socket.prototype;
  const write = proto._writeGeneric;
  proto._writeGeneric = function (...args) {
    marks?.push(['w', performance.now() - t0]);
    return write.apply(this, args);
  };
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (marks && (event === 'data' || event === 'connect')) marks.push([event === 'data' ? 'r' : 'c', performance.now() - t0]);
    return emit.call(this, event, ...args);
  };
  const rows = [];
  for (let i = 0; i < connects + 5; i++) {
    marks = [];
    t0 = performance.now();
    const c = await CLIENTS[client](url, serializer);
    const settled = performance.now() - t0;
    const m = marks;
    marks = null;
    await c.close();
    if (i < 5) continue;
    // The first write is the upgrade (before the TCP connect: Node buffers it), the first read the 101; HELLO is the first write after it,
    // WELCOME the first read after HELLO.
    const at = (kind, after) => m.find(([k, t]) => k === kind && t > after)?.[1];
    const upgrade = at('w', -1);
    const tcp = at('c', -1);
    const switched = at('r', tcp);
    const hello = at('w', switched);
    const welcome = at('r', hello);
    if ([tcp, upgrade, switched, hello, welcome].some((t) => t === undefined)) throw new Error(`${client}: a phase was not seen`);
    rows.push([upgrade, tcp, switched, hello, welcome, settled]);
  }
  const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1];
  console.log(JSON.stringify(PHASES.map((_, k) => median(k))));
  clearTimeout(guard);
  process.exit(0);
}

async function parent() {
  const { values } = parseArgs({
    options: {
      router: { type: 'string', default: 'embedded' },
      serializer: { type: 'string', default: 'json' },
      processes: { type: 'string', default: '6' },
      connects: { type: 'string', default: '40' },
    },
  });
  const processes = Number(values.processes);
  const router = await startRouter(values.router);
  const url = router.url;
  try {
    const results = Object.fromEntries(CLIENT_NAMES.map((c) => [c, []]));
    for (let p = 0; p < processes; p++) {
      for (const client of CLIENT_NAMES.map((_, i) => CLIENT_NAMES[(i + p) % CLIENT_NAMES.length])) {
        const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', client, values.serializer, url, values.connects], {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        results[client].push(JSON.parse(out.trim().split('\n').at(-1)));
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(`${values.router}, ${values.serializer}: median over ${processes} processes of each process's median of ${values.connects} connects, µs`);
    console.log(`| client | ${[PHASES[0], ...PHASES.slice(1).map((p, k) => `→ ${p}`)].join(' | ')} | connect() |`);
    console.log(`|---|${PHASES.map(() => '---|').join('')}---|`);
    for (const [client, rows] of Object.entries(results)) {
      // Each phase's own length (its end minus the previous one's), then the whole connect().
      const ends = PHASES.map((_, k) => median(rows.map((r) => r[k])));
      const lengths = PHASES.map((_, k) => median(rows.map((r) => r[k] - (k === 0 ? 0 : r[k - 1]))));
      console.log(`| ${client} | ${lengths.map((v) => Math.round(v * 1000)).join(' | ')} | ${Math.round(ends.at(-1) * 1000)} |`);
    }
  } finally {
    router.stop();
  }
}
