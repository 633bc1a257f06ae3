/**
 * Runs in Chromium: the browser build of wampkit against the embedded router over WebSocket.
 * Exposes `window.wampkitScenario(url, serializer)`, which returns what happened.
 */
import { Result, WampError, connect, type SerializerName } from '../../src/index.js';

async function scenario(url: string, serializer: SerializerName): Promise<Record<string, unknown>> {
  const callee = await connect({ url, realm: 'realm1', serializers: [serializer] });
  const caller = await connect({ url, realm: 'realm1', serializers: [serializer] });
  await callee.register('com.browser.add', (args) => new Result([(args[0] as number) + (args[1] as number)], { from: 'browser' }));
  await callee.register('com.browser.fail', () => {
    throw new WampError('com.browser.error', { args: ['nope'], kwargs: { code: 7 } });
  });
  await callee.register('com.browser.bytes', (args) => Array.from(args[0] as Uint8Array).reverse());
  await callee.register('com.browser.countdown', (args, _kw, ctx) => {
    for (let i = args[0] as number; i > 0; i--) ctx.progress([i]);
    return 'liftoff';
  });
  const sum = await caller.call('com.browser.add', [2, 3]);
  const error = await caller.call('com.browser.fail').catch((e: unknown) => e as WampError);
  const bytes = await caller.call('com.browser.bytes', [new Uint8Array([1, 2, 3])]);
  const chunks: unknown[] = [];
  for await (const c of caller.callStream('com.browser.countdown', [3])) chunks.push(c.args[0]);
  let resolveEvent!: (v: unknown[]) => void;
  const event = new Promise<unknown[]>((r) => (resolveEvent = r));
  await caller.subscribe('com.browser.topic', (args) => resolveEvent(args));
  await callee.publish('com.browser.topic', ['hello from a browser', { n: 1 }], {}, { acknowledge: true });
  const eventArgs = await event;
  const protocol = caller.protocol;
  await caller.close();
  await callee.close();
  return {
    protocol,
    sum: sum.args,
    sumKwargs: sum.kwargs,
    errorUri: error instanceof WampError ? error.uri : String(error),
    errorArgs: error instanceof WampError ? error.args : null,
    errorKwargs: error instanceof WampError ? error.kwargs : null,
    bytes: bytes.args[0],
    chunks,
    eventArgs,
    status: caller.status.type,
  };
}

(globalThis as unknown as { wampkitScenario: typeof scenario }).wampkitScenario = scenario;
