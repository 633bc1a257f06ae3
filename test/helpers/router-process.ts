/**
 * An embedded router in a process of its own, for tests that stop routers for real (failover,
 * kill -9): `node --import tsx test/helpers/router-process.ts [port]` prints its WebSocket URL.
 */
import { Router } from '../../src/router/index.js';

const router = new Router({ realms: ['realm1'] });
const ws = await router.listenWebSocket({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
router.realm('realm1').registerInternal('com.example.whoami', () => ({ args: [process.pid] }));
process.stdout.write(`${ws.url}\n`);
process.on('SIGTERM', () => void router.close().then(() => process.exit(0)));
