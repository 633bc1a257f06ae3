// The embedded router in a child process for the hostile-input suite, started with a heap
// ceiling (--max-old-space-size). Prints one JSON line with its endpoints, then a line
// {"rss": peakBytes, "heap": peakHeapBytes} whenever it reads a line on stdin; exits on SIGTERM.
import { createInterface } from 'node:readline';
import { Router, staticAuthenticator } from '../../dist/node/router.js';

const router = new Router({
  realms: ['realm1'],
  authenticate: staticAuthenticator({ ticket: { joe: { ticket: 'secret', role: 'user' } }, anonymousRole: 'anonymous' }),
  limits: { maxConnectionsPerAddress: 4096, handshakeTimeoutMs: 2_000, maxAuthFailuresPerAddress: 1_000_000 },
  logger: () => undefined,
});
const ws = await router.listenWebSocket({ host: '127.0.0.1', port: 0 });
const rs = await router.listenRawSocket({ host: '127.0.0.1', port: 0 });

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
setInterval(sample, 50).unref();
createInterface({ input: process.stdin }).on('line', () => {
  sample();
  process.stdout.write(`${JSON.stringify({ rss: peakRss, heap: peakHeap })}\n`);
});
process.on('SIGTERM', () => {
  void router.close().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ ws: ws.url, rs: rs.url })}\n`);
