// npm run bench: wampkit against Autobahn|JS and wampy.js, fairly.
//
// - The other side is fixed and neutral: bench/peer, a Go client on the nexus client library
//   (callee `bench.echo`, publisher `bench.publish`), built by scripts/build-bench-peer.sh. Only
//   the measured JavaScript client changes between measurements.
// - The same options for every library (plain calls, exact subscriptions, the Go peer publishes
//   with acknowledge for all alike); each measurement in a fresh Node process.
// - Clients interleaved (the order rotates every run), RUNS runs (default 5), median and range.
// - Headline: CPU µs per operation of the client process (process.cpuUsage over the window).
//   Raw `ws` floors in the same table: floor2 (raw WAMP frames through the router, 2 hops) and
//   floor1 (the same frames to a bare WebSocket echo, 1 hop).
// - Routers: embedded (its own process), Nexus and Crossbar.io (scripts/start-router.sh).
//
// Writes bench/results.json, bench/RESULTS.md and bench/ratios.svg. Bounded: fixed counts
// (BENCH_N operations after BENCH_WARM of warm-up, BENCH_SESSIONS idle sessions) and a 60 s guard
// per measurement.
//
//   node bench/run.mjs [--routers embedded,nexus,crossbar] [--serializers json,msgpack] [--runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startProcess, startRouter, stop } from './processes.mjs';
import { renderMarkdown, renderSvg, summarize } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    routers: { type: 'string', default: 'embedded,nexus,crossbar' },
    serializers: { type: 'string', default: 'json,msgpack' },
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
  },
});
const ROUTERS = values.routers.split(',');
const SERIALIZERS = values.serializers.split(',');
const RUNS = Number(values.runs);
const LIBS = ['wampkit', 'autobahn', 'wampy', 'floor2', 'floor1'];
const SCENARIOS = ['calls', 'events', 'sequential', 'connect', 'first', 'heap'];
const FLOORS = { floor1: ['calls', 'sequential'], floor2: ['calls', 'events', 'sequential', 'connect', 'first'] };

function measure(lib, serializer, scenario, url, echoUrl) {
  const out = execFileSync(process.execPath, ['--expose-gc', 'bench/measure.mjs', lib, serializer, scenario, url, echoUrl], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

if (!values['no-build']) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const peer = execFileSync('bash', ['scripts/build-bench-peer.sh'], { cwd: root, encoding: 'utf8' }).trim();
const echo = await startProcess(peer, ['-echo', '127.0.0.1:0'], /ready (ws:\/\/\S+)/);
const echoUrl = echo.match[1];

const samples = []; // { router, serializer, lib, scenario, run, ...figures }
const t0 = Date.now();
for (const router of ROUTERS) {
  const { url, stop: stopRouter } = await startRouter(router);
  try {
    for (const serializer of SERIALIZERS) {
      const callee = await startProcess(peer, ['-url', url, '-serializer', serializer], /ready/);
      try {
        for (let run = 0; run < RUNS; run++) {
          const order = LIBS.map((_, i) => LIBS[(i + run) % LIBS.length]);
          for (const scenario of SCENARIOS) {
            for (const lib of order) {
              if (lib in FLOORS && !FLOORS[lib].includes(scenario)) continue;
              try {
                samples.push({ router, serializer, lib, scenario, run, ...measure(lib, serializer, scenario, url, echoUrl) });
              } catch (e) {
                samples.push({ router, serializer, lib, scenario, run, error: String(e.stderr ?? e).slice(0, 300) });
                console.error(`${router} ${serializer} ${lib} ${scenario}: ${String(e.stderr ?? e).slice(0, 300)}`);
              }
            }
          }
          console.error(`${router} ${serializer}: run ${run + 1}/${RUNS} done (${Math.round((Date.now() - t0) / 1000)} s)`);
        }
      } finally {
        stop(callee.child);
      }
    }
  } finally {
    stopRouter();
  }
}
stop(echo.child);

const meta = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  runs: RUNS,
  n: Number(process.env.BENCH_N ?? 10_000),
  warm: Number(process.env.BENCH_WARM ?? 10_000),
  sessions: Number(process.env.BENCH_SESSIONS ?? 1000),
  command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  seconds: Math.round((Date.now() - t0) / 1000),
  versions: {
    autobahn: JSON.parse(readFileSync(join(root, 'node_modules/autobahn/package.json'), 'utf8')).version,
    wampy: JSON.parse(readFileSync(join(root, 'node_modules/wampy/package.json'), 'utf8')).version,
  },
};
const summary = summarize(samples);
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ meta, summary, samples }, null, 1)}\n`);
const gaps = existsSync(join(root, 'bench/GAPS.md')) ? readFileSync(join(root, 'bench/GAPS.md'), 'utf8') : '';
writeFileSync(join(root, 'bench/RESULTS.md'), renderMarkdown(meta, summary, gaps));
writeFileSync(join(root, 'bench/ratios.svg'), renderSvg(summary));
console.log(renderMarkdown(meta, summary, gaps));
process.exit(0);
