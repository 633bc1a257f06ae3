/**
 * WAMP v1 interop cases, run against two v1 peers:
 * - a real v1 server, Autobahn|Python 0.8.15 (`autobahn.wamp1`, Python 2.7), installed by
 *   scripts/install-autobahn-v1.sh and started by scripts/start-router.sh autobahn-v1 on
 *   127.0.0.1:18280 (test/routers/autobahn-v1/server.py), with v1-style HTTP URIs;
 * - the embedded router's v1 bridge, with the same procedures served by a v2 callee (v2-valid
 *   URIs: the bridge hands URIs to the v2 Dealer and Broker as they are).
 * `WAMPKIT_ROUTERS` without `autobahn-v1` leaves the Autobahn run out (a named skip).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as connectV2, UsageError, WampError, type Session } from 'wampkit';
import { Router } from 'wampkit/router';
import { connect, V1Session } from 'wampkit/v1';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const wanted = !process.env['WAMPKIT_ROUTERS'] || process.env['WAMPKIT_ROUTERS'].includes('autobahn-v1');

/** One v1 peer the cases run against. */
interface V1Target {
  readonly name: string;
  readonly skip: boolean;
  /** Base URIs of the procedures (add, echo, fail, session), topics and error URIs. */
  readonly rpc: string;
  readonly topic: string;
  readonly error: string;
  readonly server: string;
  readonly noSuchProcedure: string;
  /** Whether the server itself resolves the client's CURIEs (the `curie` procedure). */
  readonly serverCuries: boolean;
  url(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Collects the events of one subscription, so a test can await the n-th. */
function collector() {
  const events: unknown[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    events,
    handler: (args: readonly unknown[]) => {
      events.push(args[0]);
      for (const w of [...waiters]) if (events.length >= w.n) waiters.splice(waiters.indexOf(w), 1), w.resolve();
    },
    until: (n: number) => (events.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
  };
}

const autobahn: V1Target = {
  name: 'Autobahn|Python 0.8.15',
  skip: !wanted,
  rpc: 'http://wampkit.test/rpc#',
  topic: 'http://wampkit.test/topic#',
  error: 'http://wampkit.test/error#',
  server: 'Autobahn/0.8.15',
  noSuchProcedure: 'http://api.wamp.ws/error#NoSuchRPCEndpoint',
  serverCuries: true,
  url: () => 'ws://127.0.0.1:18280',
  async start() {
    await run('bash', [`${root}scripts/install-autobahn-v1.sh`], { cwd: root, timeout: 300_000 });
    await run('bash', [`${root}scripts/start-router.sh`, 'autobahn-v1'], { cwd: root, timeout: 120_000 });
  },
  async stop() {
    await run('bash', [`${root}scripts/stop-router.sh`, 'autobahn-v1'], { cwd: root, timeout: 30_000 }).catch(() => undefined);
  },
};

function bridge(): V1Target {
  let router: Router | undefined;
  let callee: Session | undefined;
  let url = '';
  const rpc = 'com.wampkit.rpc.';
  return {
    name: 'embedded router v1 bridge',
    skip: false,
    rpc,
    topic: 'com.wampkit.topic.',
    error: 'com.wampkit.error.',
    server: 'wampkit-router',
    noSuchProcedure: 'wamp.error.no_such_procedure',
    serverCuries: false,
    url: () => url,
    async start() {
      router = new Router({ realms: ['realm1'] });
      url = (await router.listenWebSocket({ port: 0, v1: { realm: 'realm1' } })).url;
      callee = await connectV2({ url, realm: 'realm1' });
      await callee.register(`${rpc}add`, (args) => Number(args[0]) + Number(args[1]));
      await callee.register(`${rpc}echo`, (args) => args);
      await callee.register(`${rpc}fail`, (args) => {
        throw new WampError(String(args[0]), { args: args.slice(1) });
      });
      await callee.register(`${rpc}session`, (_a, _k, ctx) => String(ctx.caller), { disclose_caller: true });
    },
    async stop() {
      await callee?.close();
      await router?.close();
    },
  };
}

describe.each([autobahn, bridge()])('WAMP v1 client against $name', (target) => {
  if (target.skip) {
    it.skip(`${target.name}: WAMPKIT_ROUTERS leaves autobahn-v1 out`, () => undefined);
    return;
  }
  const RPC = target.rpc;
  const TOPIC = target.topic;
  const ERR = target.error;
  const sessions: V1Session[] = [];
  const open = async (prefixes?: Record<string, string>): Promise<V1Session> => {
    const s = await connect({ url: target.url(), ...(prefixes ? { prefixes } : {}) });
    sessions.push(s);
    return s;
  };

  beforeAll(() => target.start());
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await target.stop();
  });

  it('v1: WELCOME opens the session (string session id, server ident)', async () => {
    const s = await open();
    expect(s.isEstablished).toBe(true);
    expect(typeof s.id).toBe('string');
    expect(s.server).toBe(target.server);
    expect((await s.call(`${RPC}session`)).args).toEqual([s.id]);
  });

  it('v1: call with positional args (CALLRESULT as args[0])', async () => {
    const s = await open();
    expect((await s.call(`${RPC}add`, [2, 3])).args).toEqual([5]);
    expect((await s.call(`${RPC}echo`, ['a', { b: [1, 2] }, null])).args).toEqual([['a', { b: [1, 2] }, null]]);
  });

  it('v1: CURIEs both ways (PREFIX sent; a CALLERROR URI the server shrinks comes back resolved)', async () => {
    const s = await open({ rpc: RPC });
    expect((await s.call('rpc:add', [1, 2])).args).toEqual([3]);
    if (target.serverCuries) expect((await s.call('rpc:curie', ['rpc:anything'])).args).toEqual([`${RPC}anything`]);
    s.prefix('err', ERR);
    const error = await s.call('rpc:fail', [`${ERR}oops`, 'it failed']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WampError);
    expect((error as WampError).uri).toBe(`${ERR}oops`);
  });

  it('v1: CALLERROR is a WampError with its URI, description and details', async () => {
    const s = await open();
    const error = (await s.call(`${RPC}fail`, [`${ERR}oops`, 'it failed', { x: 1 }]).catch((e: unknown) => e)) as WampError;
    expect(error).toBeInstanceOf(WampError);
    expect(error.uri).toBe(`${ERR}oops`);
    expect(error.args).toEqual(['it failed', { x: 1 }]);
    const missing = (await s.call(`${RPC}nope`).catch((e: unknown) => e)) as WampError;
    expect(missing.uri).toBe(target.noSuchProcedure);
    expect(typeof missing.args[0]).toBe('string');
  });

  it('v1: subscribe, publish (exclude_me default, false, exclude, eligible), unsubscribe', async () => {
    const a = await open();
    const b = await open({ t: TOPIC });
    const ea = collector();
    const eb = collector();
    const topic = `${TOPIC}pubsub`;
    await a.subscribe(topic, ea.handler);
    const subB = await b.subscribe('t:pubsub', eb.handler); // a CURIE: events come with the full URI
    // v1 has no SUBSCRIBED: a call round trip on each connection makes sure the server has the subscriptions.
    await a.call(`${RPC}add`, [0, 0]);
    await b.call(`${RPC}add`, [0, 0]);
    await a.publish(topic, ['default']); // exclude_me by default: only b
    await a.publish(topic, ['all'], undefined, { exclude_me: false });
    await eb.until(2);
    await ea.until(1);
    expect(ea.events).toEqual(['all']);
    expect(eb.events).toEqual(['default', 'all']);
    await a.publish(topic, ['only-a'], undefined, { exclude_me: false, eligible: [a.id!] });
    await a.publish(topic, ['not-b'], undefined, { exclude_me: false, exclude: [b.id!] });
    await a.publish(topic, ['last'], undefined, { exclude_me: false });
    await ea.until(4);
    await eb.until(3);
    expect(ea.events).toEqual(['all', 'only-a', 'not-b', 'last']);
    expect(eb.events).toEqual(['default', 'all', 'last']);
    await subB.unsubscribe();
    expect(subB.active).toBe(false);
    await b.call(`${RPC}add`, [0, 0]);
    const other = collector();
    await b.subscribe(`${TOPIC}other`, other.handler);
    await b.call(`${RPC}add`, [0, 0]);
    await a.publish(topic, ['after'], undefined, { exclude_me: false });
    await a.publish(`${TOPIC}other`, ['marker']);
    await other.until(1);
    await ea.until(5);
    expect(eb.events).toEqual(['default', 'all', 'last']);
  });

  it('v1: what v1 lacks is refused at once with wamp.error.feature_not_supported, and the session goes on', async () => {
    const s = await open();
    const refusals = [
      s.register(`${RPC}mine`, () => 1),
      s.call(`${RPC}add`, [1, 2], { x: 1 }),
      s.call(`${RPC}add`, [1, 2], undefined, { receive_progress: true }),
      s.call(`${RPC}add`, [1, 2], undefined, { onProgress: () => undefined }),
      s.call(`${RPC}add`, [1, 2], undefined, { signal: new AbortController().signal }),
      s.publish(`${TOPIC}x`, ['e'], undefined, { acknowledge: true }),
      s.publish(`${TOPIC}x`, [], { k: 1 }),
      s.subscribe(`${TOPIC}`, () => undefined, { match: 'prefix' }),
    ];
    for (const refusal of await Promise.allSettled(refusals)) {
      expect(refusal.status).toBe('rejected');
      const reason = (refusal as PromiseRejectedResult).reason as UsageError;
      expect(reason).toBeInstanceOf(UsageError);
      expect(reason.uri).toBe('wamp.error.feature_not_supported');
    }
    expect(() => s.callStream(`${RPC}add`)).toThrow(UsageError);
    expect((await s.call(`${RPC}add`, [20, 22])).args).toEqual([42]);
  });
});
