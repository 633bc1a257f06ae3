/**
 * The offline queue (opt-in), through wampkit/testing: calls and publishes made while the session
 * is getting back after a lost connection (reconnecting, connecting again, restoring) wait, bounded
 * in count and age, and go out in order once it is back, after its registrations are restored;
 * otherwise they reject with SessionClosedError. Without it they reject at once.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CanceledError, connect, SessionClosedError, UsageError, type Session } from '../../src/index.js';
import type { Connector } from '../../src/transports/transport.js';
import { TestRouter, waitForStatus } from '../../src/testing/index.js';

const routers: TestRouter[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
  for (const r of routers.splice(0)) await r.close();
});

function testRouter(options: ConstructorParameters<typeof TestRouter>[0] = {}): TestRouter {
  const r = new TestRouter(options);
  routers.push(r);
  return r;
}

const RECONNECT = { initialDelayMs: 10, jitter: 0, maxRetries: 50 };

async function open(transport: Connector, extra: Partial<Parameters<typeof connect>[0]> = {}): Promise<Session> {
  const s = await connect({ transport, realm: 'realm1', heartbeat: false, reconnect: RECONNECT, ...extra } as Parameters<typeof connect>[0]);
  sessions.push(s);
  return s;
}

// The Callee/Publisher/Subscriber code loads on a session's first register/publish/subscribe;
// under vitest the first load also transforms it (tens of ms). Warm it up once, so the timing
// these tests arrange (a callee registering before a worker's retry) is the app's, not the
// test runner's.
beforeAll(async () => {
  const warm = new TestRouter();
  const s = await connect({ transport: warm.connector(), realm: 'realm1', heartbeat: false, reconnect: false });
  await s.register('com.example.warmup', () => undefined);
  await s.close();
  await warm.close();
});

describe('offline queue', () => {
  it('queues calls and publishes while the router is down and sends them in order once it is back', async () => {
    const router = testRouter();
    const worker = await open(router.connector(), { offlineQueue: { maxCount: 10, maxAgeMs: 10_000 } });
    await router.stop();
    await waitForStatus(worker, 'reconnecting');
    const sum = worker.call('com.example.add', [2, 3]);
    const pub = worker.publish('com.example.t', ['queued'], {}, { acknowledge: true });
    expect(worker.pending.map((p) => `${p.kind} ${p.uri}`)).toEqual(['call com.example.add', 'publish com.example.t']);
    router.start();
    // The callee comes back first; the worker's queued call finds it.
    const callee = await open(router.connector());
    await callee.register('com.example.add', (a) => (a[0] as number) + (a[1] as number));
    expect((await sum).args).toEqual([5]);
    expect(typeof (await pub)).toBe('number');
    expect(worker.pending).toEqual([]);
  });

  it('a call made while the session is connecting again (the attempt is slow) waits too', async () => {
    const router = testRouter();
    const inner = router.connector();
    let hold: Promise<void> | undefined;
    const gated: Connector = Object.assign(async (request: Parameters<Connector>[0]) => {
      if (hold) await hold;
      return inner(request);
    }, { endpoint: inner.endpoint });
    const s = await open(gated, { offlineQueue: {} });
    await s.register('com.example.echo', (a) => a[0]);
    let letThrough!: () => void;
    hold = new Promise((r) => (letThrough = r));
    router.lastLink!.sever();
    await waitForStatus(s, 'connecting', { where: (st) => st.attempt === 1 });
    const echoed = s.call('com.example.echo', ['waited']);
    expect(s.pending).toHaveLength(1);
    letThrough();
    expect((await echoed).args).toEqual(['waited']);
  });

  it('requests made while the session restores wait behind it and behind what was queued before, in order; status says established only once restored', async () => {
    let armed = false;
    let release!: () => void;
    let reached!: () => void;
    const restoring = new Promise<void>((r) => (reached = r));
    const router = testRouter({
      authorize: (_subject, action, uri) => {
        if (!(armed && action === 'register' && uri === 'com.example.echo')) return true;
        reached();
        return new Promise<boolean>((r) => (release = () => r(true)));
      },
    });
    const s = await open(router.connector(), { offlineQueue: {} });
    const order: unknown[] = [];
    await s.register('com.example.echo', (a) => {
      order.push(a[0]);
      return a[0];
    });
    armed = true;
    router.lastLink!.sever();
    await waitForStatus(s, 'reconnecting');
    const before = s.call('com.example.echo', ['queued while reconnecting']);
    await restoring; // WELCOME came; the registration is being restored (the router is deciding)
    expect(s.isEstablished).toBe(true);
    expect(s.status.type).not.toBe('established');
    const during = s.call('com.example.echo', ['made while restoring']);
    expect(s.pending.map((p) => p.uri)).toEqual(['com.example.echo', 'com.example.echo']);
    release();
    expect((await before).args).toEqual(['queued while reconnecting']);
    expect((await during).args).toEqual(['made while restoring']);
    expect(order).toEqual(['queued while reconnecting', 'made while restoring']);
    expect(s.status.type).toBe('established');
  });

  it('bounded: overflow and age reject with SessionClosedError; a call\'s own timeout counts; the session ending rejects the rest', async () => {
    const router = testRouter();
    const s = await open(router.connector(), {
      reconnect: { initialDelayMs: 60_000, maxRetries: 1 },
      offlineQueue: { maxCount: 2, maxAgeMs: 100 },
    });
    await router.stop();
    await waitForStatus(s, 'reconnecting');
    const a = s.call('com.example.a').catch((e: unknown) => e);
    const b = s.call('com.example.b', [], {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    const c = await s.call('com.example.c').catch((e: unknown) => e);
    expect(c).toBeInstanceOf(SessionClosedError);
    expect(String((c as Error).message)).toMatch(/offline queue is full/);
    expect(await b).toMatchObject({ name: 'TimeoutError' }); // its own timeout counts while queued
    expect(String(((await a) as Error).message)).toMatch(/waited longer than 100 ms/);
    const d = s.publish('com.example.t', ['x']).catch((e: unknown) => e);
    await s.close();
    expect(await d).toBeInstanceOf(SessionClosedError);
  });

  it("a queued call's signal cancels it at once; a request that could never be sent is refused at once, not queued", async () => {
    const router = testRouter();
    const s = await open(router.connector(), { offlineQueue: {} });
    await router.stop();
    await waitForStatus(s, 'reconnecting');
    const ac = new AbortController();
    const canceled = s.call('com.example.x', [], {}, { signal: ac.signal }).catch((e: unknown) => e);
    expect(s.pending).toHaveLength(1);
    ac.abort();
    expect(await canceled).toBeInstanceOf(CanceledError);
    expect(s.pending).toEqual([]);
    await expect(s.call('not a uri!')).rejects.toBeInstanceOf(UsageError);
    await expect(s.publish('com.example.t', [], {}, { acknowledge: true, nonsense: 1 } as object)).rejects.toBeInstanceOf(UsageError);
    expect(s.pending).toEqual([]);
  });

  it('off by default: a call while reconnecting rejects at once', async () => {
    const router = testRouter();
    const s = await open(router.connector(), { reconnect: { initialDelayMs: 60_000, maxRetries: 1 } });
    await router.stop();
    await waitForStatus(s, 'reconnecting');
    await expect(s.call('com.example.x')).rejects.toBeInstanceOf(SessionClosedError);
    expect(s.pending).toEqual([]);
  });
});
