/**
 * The offline queue (opt-in): calls and publishes made while reconnecting wait, bounded in count
 * and age, are sent in order once the session is back (after its registrations are restored), and
 * otherwise reject with SessionClosedError; without it they reject at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, SessionClosedError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const routers: Router[] = [];
afterEach(async () => {
  for (const r of routers.splice(0)) await r.close();
});

async function routerOn(port = 0): Promise<{ router: Router; url: string; port: number }> {
  const router = new Router({ realms: ['realm1'] });
  routers.push(router);
  const ws = await router.listenWebSocket({ host: '127.0.0.1', port });
  return { router, url: ws.url, port: ws.port };
}

const reconnecting = (s: Session): Promise<void> => new Promise((r) => s.onStatus((st) => st.type === 'reconnecting' && r()));

describe('offline queue', () => {
  it('queues calls and publishes while reconnecting and sends them in order once back', async () => {
    const first = await routerOn();
    const opts = { url: first.url, realm: 'realm1', reconnect: { initialDelayMs: 50, jitter: 0, maxRetries: 50 }, heartbeat: false } as const;
    const worker = await connect({ ...opts, offlineQueue: { maxCount: 10, maxAgeMs: 10_000 } });
    const callee = await connect(opts);
    await callee.register('com.example.add', (a) => (a[0] as number) + (a[1] as number));
    const away = reconnecting(worker);
    await first.router.close();
    await away;
    const sum = worker.call('com.example.add', [2, 3]);
    const pub = worker.publish('com.example.t', ['queued'], {}, { acknowledge: true });
    expect(worker.pending.map((p) => `${p.kind} ${p.uri}`)).toEqual(['call com.example.add', 'publish com.example.t']);
    await routerOn(first.port); // the router is back on the same port
    expect((await sum).args).toEqual([5]);
    expect(typeof (await pub)).toBe('number');
    expect(worker.pending).toEqual([]);
    await worker.close();
    await callee.close();
  }, 20_000);

  it('bounded: overflow and age reject with SessionClosedError; the session ending rejects the rest', async () => {
    const first = await routerOn();
    const s = await connect({
      url: first.url, realm: 'realm1', heartbeat: false,
      reconnect: { initialDelayMs: 60_000, maxRetries: 1 }, offlineQueue: { maxCount: 2, maxAgeMs: 100 },
    });
    const away = reconnecting(s);
    await first.router.close();
    await away;
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

  it('off by default: a call while reconnecting rejects at once', async () => {
    const first = await routerOn();
    const s = await connect({ url: first.url, realm: 'realm1', heartbeat: false, reconnect: { initialDelayMs: 60_000, maxRetries: 1 } });
    const away = reconnecting(s);
    await first.router.close();
    await away;
    await expect(s.call('com.example.x')).rejects.toBeInstanceOf(SessionClosedError);
    await s.close();
  });
});
