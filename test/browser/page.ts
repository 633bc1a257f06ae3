/**
 * Runs in Chromium: the browser build of wampkit against the embedded router over WebSocket.
 * Exposes `window.wampkitScenario(url, serializer)`, which returns what happened.
 */
import {
  AuthenticationError,
  Result,
  SessionClosedError,
  TransportError,
  WampError,
  connect,
  cryptosignAuth,
  cryptosignPublicKey,
  type SerializerName,
} from '../../src/index.js';

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

/**
 * Heartbeats in a browser (no WebSocket ping API: the probe is a WAMP round trip). A live router
 * keeps an idle session established; a router that WELCOMEs and then freezes is noticed, and the
 * call in flight settles with the heartbeat's TransportError as its cause.
 */
async function heartbeat(liveUrl: string, frozenUrl: string): Promise<Record<string, unknown>> {
  const hb = { intervalMs: 50, timeoutMs: 300 };
  const live = await connect({ url: liveUrl, realm: 'realm1', heartbeat: hb });
  const seen: string[] = [];
  live.onStatus((s) => seen.push(s.type));
  await new Promise((r) => setTimeout(r, 1_000));
  const liveStatus = live.status.type;
  const liveSeen = [...seen];
  await live.close();
  const frozen = await connect({ url: frozenUrl, realm: 'realm1', serializers: ['json'], heartbeat: hb });
  const t0 = performance.now();
  const err = await frozen.call('com.browser.anything').catch((e: unknown) => e);
  const cause = err instanceof SessionClosedError ? err.cause : undefined;
  return {
    liveStatus,
    liveSeen,
    error: err instanceof SessionClosedError ? 'SessionClosedError' : String(err),
    cause: cause instanceof TransportError ? cause.message.replace(/\d+/, 'N') : String(cause),
    settledWithinMs: performance.now() - t0 < 5_000,
  };
}

/**
 * WAMP-Cryptosign in a browser (Ed25519 on `@noble/curves`, which the `browser` field swaps in for
 * Node's `node:crypto`): the public key of a seed, a session the router (verifying in Node, with
 * OpenSSL) lets in, and one with another key that it refuses.
 */
async function cryptosign(url: string, seed: string, wrongSeed: string): Promise<Record<string, unknown>> {
  const pubkey = cryptosignPublicKey(seed);
  const session = await connect({ url, realm: 'realm1', auth: cryptosignAuth('browser', seed), reconnect: false });
  const { authid, authmethod, authrole } = session.details;
  await session.close();
  const refused = await connect({ url, realm: 'realm1', auth: cryptosignAuth('browser', wrongSeed), reconnect: false }).then(
    async (s) => {
      await s.close();
      return 'established';
    },
    (e: unknown) => (e instanceof AuthenticationError ? 'AuthenticationError' : String(e)),
  );
  return { pubkey, authid, authmethod, authrole, refused };
}

(globalThis as unknown as { wampkitScenario: typeof scenario }).wampkitScenario = scenario;
(globalThis as unknown as { wampkitCryptosign: typeof cryptosign }).wampkitCryptosign = cryptosign;
(globalThis as unknown as { wampkitHeartbeat: typeof heartbeat }).wampkitHeartbeat = heartbeat;
