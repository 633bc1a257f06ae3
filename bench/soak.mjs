// A soak run (a script, not a timed test): SOAK_N calls and SOAK_N events (default 1 000 000
// each) through a router, restarting the router every SOAK_RESTART operations (default 100 000),
// with sessions that reconnect. Reports heap before and after, and what was lost or duplicated:
// a call that never settled, an event acknowledged but not received, an event received twice.
//
//   node --expose-gc bench/soak.mjs [embedded|nexus]     (uses dist/: npm run build first)
//
// Bounded: fixed counts, every call with a timeout, and a 30-minute guard.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect } from '../dist/node/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const which = process.argv[2] ?? 'embedded';
const N = Number(process.env.SOAK_N ?? 1_000_000);
const RESTART = Number(process.env.SOAK_RESTART ?? 100_000);
const IN_FLIGHT = 64;
setTimeout(() => {
  console.error('soak: 30-minute guard reached');
  process.exit(2);
}, 30 * 60_000).unref();

let child;
let url;
async function startRouter(port = 0) {
  if (which === 'nexus') {
    execFileSync('bash', ['scripts/start-router.sh', 'nexus'], { cwd: root, stdio: 'ignore' });
    url = 'ws://127.0.0.1:18180/ws';
    return;
  }
  child = spawn(process.execPath, ['bench/embedded-router.mjs', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
}
async function restartRouter() {
  if (which === 'nexus') return startRouter(); // the script restarts it
  const port = Number(new URL(url).port);
  const old = child;
  await new Promise((r) => {
    old.once('exit', r);
    old.kill('SIGTERM'); // GOODBYE system_shutdown to every session, then exit
  });
  await startRouter(port);
}

const gc = () => globalThis.gc?.();
await startRouter();
const opts = { url, realm: 'realm1', reconnect: { initialDelayMs: 50, maxDelayMs: 1000, jitter: 0.1 }, heartbeat: { intervalMs: 2000, timeoutMs: 6000 } };
const callee = await connect(opts);
// The callee sees each call at most once: a call is never sent twice (not even from the offline queue).
const invoked = new Set();
let invokedTwice = 0;
await callee.register('soak.echo', (args) => {
  const n = args[0];
  if (typeof n === 'number') {
    if (invoked.has(n)) invokedTwice++;
    else invoked.add(n);
  }
  return n;
});
const caller = await connect({ ...opts, offlineQueue: { maxCount: 10_000, maxAgeMs: 20_000 } });
const subscriber = await connect(opts);
const publisher = await connect({ ...opts, offlineQueue: { maxCount: 10_000, maxAgeMs: 20_000 } });
const seen = new Set();
let duplicated = 0;
await subscriber.subscribe('soak.feed', (args) => {
  const n = args[0];
  if (seen.has(n)) duplicated++;
  else seen.add(n);
});

gc();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = Date.now();
let restarts = 0;
let nextRestart = RESTART;
const maybeRestart = async (done) => {
  if (done < nextRestart) return;
  nextRestart += RESTART;
  restarts++;
  await restartRouter();
};

// Calls: every one settles (result, or an error it was told); none may hang.
const calls = { ok: 0, failed: 0, wrong: 0, hung: 0 };
let issued = 0;
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (issued < N) {
      const n = issued++;
      if (n % 1000 === 0) await maybeRestart(n);
      try {
        const r = await caller.call('soak.echo', [n], {}, { timeoutMs: 15_000 });
        if (r.args[0] === n) calls.ok++;
        else calls.wrong++;
      } catch (e) {
        if (e?.name === 'TimeoutError') calls.hung++;
        else calls.failed++;
      }
    }
  }),
);
nextRestart = RESTART;

// Events: acknowledged publishes must arrive (or have been refused), once each.
const events = { acked: 0, refused: 0 };
const acked = [];
let published = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (published < N) {
      const n = published++;
      if (n % 1000 === 0) await maybeRestart(n);
      try {
        await publisher.publish('soak.feed', [n], {}, { acknowledge: true });
        events.acked++;
        acked.push(n);
      } catch {
        events.refused++;
      }
    }
  }),
);
await subscriber.call('soak.echo', ['sync']).catch(() => undefined);
await new Promise((r) => setTimeout(r, 1000));
const lostEvents = acked.filter((n) => !seen.has(n)).length;

await Promise.all([caller.close(), callee.close(), subscriber.close(), publisher.close()]);
seen.clear();
invoked.clear();
acked.length = 0;
gc();
const heapAfter = process.memoryUsage().heapUsed;
const result = {
  router: which, operations: { calls: N, events: N }, restartEvery: RESTART, restarts, seconds: Math.round((Date.now() - t0) / 1000),
  calls: { ...calls, invokedTwice }, events: { ...events, lostAfterAck: lostEvents, duplicated },
  heapMB: { before: Math.round(heapBefore / 1048576), after: Math.round(heapAfter / 1048576) },
};
console.log(JSON.stringify(result, null, 2));
if (which === 'nexus') execFileSync('bash', ['scripts/stop-router.sh', 'nexus'], { cwd: root, stdio: 'ignore' });
else child.kill('SIGTERM');
process.exit(0);
