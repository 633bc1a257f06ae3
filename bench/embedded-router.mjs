// The embedded router in its own process for the benchmark: prints its WebSocket URL, runs until
// SIGTERM. node bench/embedded-router.mjs [port]
import { Router } from '../dist/node/router.js';

// The heap measurement opens 1000 sessions from one address: room for them.
const router = new Router({ realms: ['realm1'], limits: { maxConnectionsPerAddress: 5000 } });
const ws = await router.listenWebSocket({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0), path: '/ws' });
console.log(ws.url);
const stop = async () => {
  await router.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
