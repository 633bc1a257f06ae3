/**
 * Progressive call results with cancellation, on the embedded router (in-process, no sockets):
 * a "firmware update" procedure reports its progress, the caller shows it, and cancels the
 * second run half way through. Run it with `npm run example:progress`.
 */
import { CanceledError, connect } from 'wampkit';
import { Router } from 'wampkit/router';

const router = new Router({ realms: ['home'] });
const device = await connect({ transport: router.connector(), realm: 'home' });
const app = await connect({ transport: router.connector(), realm: 'home' });

// The callee: one progressive result per step; stops when the call is canceled (INTERRUPT).
await device.register('home.device.update_firmware', async (args, _kwargs, ctx) => {
  const steps = (args[0] as number | undefined) ?? 5;
  for (let step = 1; step <= steps; step++) {
    if (ctx.signal.aborted) return undefined; // canceled: the Dealer drops anything we send now
    await new Promise((resolve) => setTimeout(resolve, 20)); // the "work"
    ctx.progress([Math.round((step / steps) * 100)]);
  }
  return 'firmware 2.0 installed';
});
let interrupted!: () => void;
const wasInterrupted = new Promise<void>((resolve) => (interrupted = resolve));
await device.register('home.device.watch', (_a, _k, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => {
  interrupted();
  resolve(undefined);
})));

// 1. Progress as an async iterator, to the end.
for await (const chunk of app.callStream('home.device.update_firmware', [4])) {
  console.log(chunk.details['progress'] ? `progress ${String(chunk.args[0])}%` : `done: ${String(chunk.args[0])}`);
}

// 2. Progress through a callback; cancel at 50 %.
const controller = new AbortController();
try {
  await app.call('home.device.update_firmware', [10], {}, {
    signal: controller.signal,
    cancelMode: 'kill',
    onProgress: ({ args }) => {
      console.log(`progress ${String(args[0])}%`);
      if ((args[0] as number) >= 50) controller.abort();
    },
  });
} catch (error) {
  if (error instanceof CanceledError) console.log(`canceled (mode ${error.mode})`);
  else throw error;
}

// 3. A client-side timeout cancels too, and the callee sees its signal abort.
await app.call('home.device.watch', [], {}, { timeoutMs: 50 }).catch((error: Error) => console.log(`${error.name}: ${error.message}`));
await wasInterrupted;
console.log('the callee was interrupted');

await app.close();
await device.close();
await router.close();
