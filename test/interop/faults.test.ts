/**
 * Fault injection against real router processes (issue 10): the embedded router in a child
 * process, Crossbar.io and Nexus, each frozen (SIGSTOP / SIGCONT) and killed (kill -9) under load.
 * In-flight calls settle within the heartbeat bound (with the heartbeat's TransportError as the
 * cause); acknowledged publishes are acknowledged or rejected, never lost silently (counted);
 * sessions come back with their registrations; once closed, no timer or socket is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, SessionClosedError, TransportError, type Session } from '../../src/index.js';
import { waitForStatus } from '../../src/testing/index.js';
import { trackResources } from '../helpers/leaks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const runDir = process.env['WAMPKIT_RUN'] ?? `${process.env['TMPDIR'] ?? tmpdir()}/wampkit-routers`;

/** A router process the test can freeze, thaw, kill and start again. */
interface RouterProcess {
  readonly name: string;
  url(): string;
  start(): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  stop(): Promise<void>;
}

function embeddedChild(): RouterProcess {
  let child: ChildProcess | undefined;
  let url = '';
  let port = 0;
  return {
    name: 'embedded (child process)',
    url: () => url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/router-process.ts', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      url = await new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve));
      port = Number(new URL(url).port);
    },
    signal: (sig) => void child?.kill(sig),
    async stop() {
      child?.kill('SIGKILL');
    },
  };
}

function scriptRouter(name: 'crossbar' | 'nexus', url: string): RouterProcess {
  const pgid = (): number => Number(readFileSync(`${runDir}/${name}.pid`, 'utf8').trim());
  return {
    name,
    url: () => url,
    async start() {
      await run('bash', [`${root}scripts/start-router.sh`, name], { cwd: root, timeout: 150_000 });
    },
    // Each router runs in its own process group (setsid): signal all of it (Crossbar's controller and worker).
    signal: (sig) => process.kill(-pgid(), sig),
    async stop() {
      await run('bash', [`${root}scripts/stop-router.sh`, name], { cwd: root, timeout: 30_000 }).catch(() => undefined);
    },
  };
}

const wanted = process.env['WAMPKIT_ROUTERS']?.split(',').map((s) => s.trim()).filter(Boolean);
const routers = [embeddedChild(), scriptRouter('crossbar', 'ws://127.0.0.1:18080/ws'), scriptRouter('nexus', 'ws://127.0.0.1:18180/ws')].filter(
  (r) => !wanted || wanted.some((w) => r.name.startsWith(w)),
);

const HEARTBEAT = { intervalMs: 200, timeoutMs: 1_000 };
const RECONNECT = { initialDelayMs: 100, maxDelayMs: 500, jitter: 0.1, maxRetries: 1_000 };
/** A frozen router still accepts TCP connections (the kernel does): attempts end by this bound. */
const CONNECT_TIMEOUT_MS = 2_000;

for (const router of routers) {
  describe(`faults: ${router.name}`, () => {
    beforeAll(() => router.start(), 150_000);
    afterAll(() => router.stop());

    async function pair(tag: string): Promise<{ callee: Session; caller: Session; proc: string }> {
      const opts = { url: router.url(), realm: 'realm1', heartbeat: HEARTBEAT, reconnect: RECONNECT, connectTimeoutMs: CONNECT_TIMEOUT_MS } as const;
      const callee = await connect(opts);
      const proc = `com.wampkit.faults.${tag}.${process.pid}`;
      await callee.register(proc, (args) => args[0]);
      const caller = await connect(opts);
      return { callee, caller, proc };
    }

    it('[heartbeat] SIGSTOP under load: every in-flight call settles within the heartbeat bound; after SIGCONT the sessions come back', async () => {
      const resources = trackResources();
      const { callee, caller, proc } = await pair('stop');
      let stopAt = 0;
      const failures: Array<{ error: unknown; afterMs: number }> = [];
      let issued = 0;
      let settled = 0;
      let running = true;
      // No call timeout: only the heartbeat can settle a call the frozen router holds.
      const load = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (running && caller.isEstablished) {
            issued++;
            await caller.call(proc, [issued]).catch((error: unknown) => {
              if (stopAt) failures.push({ error, afterMs: Date.now() - stopAt });
            });
            settled++;
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 300)); // under load
      stopAt = Date.now();
      router.signal('SIGSTOP');
      try {
        await waitForStatus(caller, 'reconnecting', { timeoutMs: 10_000 });
        running = false;
        await load;
        expect(settled).toBe(issued);
        expect(failures.length).toBeGreaterThan(0);
        for (const { error } of failures) {
          expect(error).toBeInstanceOf(SessionClosedError);
          expect((error as Error).cause).toBeInstanceOf(TransportError);
          expect(((error as Error).cause as Error).message).toMatch(/^no heartbeat for \d+ ms$/);
        }
        expect(Math.max(...failures.map((f) => f.afterMs))).toBeLessThan(HEARTBEAT.timeoutMs + 4_000);
      } finally {
        router.signal('SIGCONT');
      }
      await waitForStatus(caller, 'established', { timeoutMs: 30_000 });
      await waitForStatus(callee, 'established', { timeoutMs: 30_000 });
      // The callee's registration is back: a call goes through again.
      for (let i = 0; i < 50; i++) {
        const r = await caller.call(proc, ['back']).catch(() => undefined);
        if (r) {
          expect(r.args).toEqual(['back']);
          break;
        }
        await new Promise((res) => setTimeout(res, 100));
      }
      await Promise.all([caller.close(), callee.close()]);
      expect(await resources.leaked()).toEqual([]);
    }, 90_000);

    it('[reconnect] kill -9 under load: acknowledged publishes are acknowledged or rejected (counted, none unaccounted); sessions come back after a restart', async () => {
      const resources = trackResources();
      const opts = { url: router.url(), realm: 'realm1', heartbeat: HEARTBEAT, reconnect: RECONNECT, connectTimeoutMs: CONNECT_TIMEOUT_MS } as const;
      const publisher = await connect(opts);
      const counts = { attempted: 0, acked: 0, rejected: 0 };
      let running = true;
      const load = Promise.all(
        Array.from({ length: 4 }, async () => {
          while (running && publisher.isEstablished) {
            counts.attempted++;
            await publisher.publish('com.wampkit.faults.feed', [counts.attempted], {}, { acknowledge: true }).then(
              () => void counts.acked++,
              () => void counts.rejected++,
            );
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      router.signal('SIGKILL');
      await waitForStatus(publisher, 'reconnecting', { timeoutMs: 10_000 });
      running = false;
      await load;
      expect(counts.acked + counts.rejected).toBe(counts.attempted);
      expect(counts.rejected).toBeGreaterThan(0);
      await router.start();
      await waitForStatus(publisher, 'established', { timeoutMs: 30_000 });
      await expect(publisher.publish('com.wampkit.faults.feed', ['after'], {}, { acknowledge: true })).resolves.toBeTypeOf('number');
      console.log(`${router.name}: kill -9 under load: ${counts.acked} acked, ${counts.rejected} rejected of ${counts.attempted}`);
      await publisher.close();
      expect(await resources.leaked()).toEqual([]);
    }, 120_000);

    it('[offline_queue] calls made while the router is down wait, and go out once it is back with the callee restored', async () => {
      const resources = trackResources();
      const opts = { url: router.url(), realm: 'realm1', heartbeat: HEARTBEAT, reconnect: RECONNECT, connectTimeoutMs: CONNECT_TIMEOUT_MS } as const;
      const callee = await connect(opts);
      const proc = `com.wampkit.faults.queued.${process.pid}`;
      await callee.register(proc, (args) => args[0]);
      const caller = await connect({ ...opts, offlineQueue: { maxCount: 100, maxAgeMs: 60_000 } });
      router.signal('SIGKILL');
      await waitForStatus(caller, 'reconnecting', { timeoutMs: 10_000 });
      let back!: () => void;
      const routerBack = new Promise<void>((r) => (back = r));
      // The callee may come back after the caller: a queued call that reaches the router first
      // gets no_such_procedure; then it is retried until the registration is restored.
      const queued = [1, 2, 3].map((n) =>
        caller.call(proc, [n]).catch(async () => {
          await routerBack;
          for (let k = 0; k < 50; k++) {
            const r = await caller.call(proc, [n]).catch(() => undefined);
            if (r) return r;
            await new Promise((res) => setTimeout(res, 100));
          }
          throw new Error('the callee never came back');
        }),
      );
      expect(caller.pending).toHaveLength(3);
      await router.start();
      back();
      const results = await Promise.all(queued);
      expect(results.map((r) => r.args[0])).toEqual([1, 2, 3]);
      await Promise.all([caller.close(), callee.close()]);
      expect(await resources.leaked()).toEqual([]);
    }, 120_000);
  });
}

describe('faults: failover between real routers', () => {
  const crossbar = routers.find((r) => r.name === 'crossbar');
  const nexus = routers.find((r) => r.name === 'nexus');
  const both = crossbar && nexus;
  beforeAll(async () => {
    if (both) await Promise.all([crossbar.start(), nexus.start()]);
  }, 150_000);
  afterAll(async () => {
    if (both) await Promise.all([crossbar.stop(), nexus.stop()]);
  });

  it('[failover] from Crossbar.io to Nexus: kill -9 the router in use, the session moves to the other and restores its registration', async (ctx) => {
    if (!both) return ctx.skip();
    const callee = await connect({ url: [crossbar.url(), nexus.url()], realm: 'realm1', heartbeat: HEARTBEAT, reconnect: RECONNECT });
    expect(callee.endpoint).toBe(crossbar.url());
    await callee.register('com.wampkit.faults.where', () => 'here');
    crossbar.signal('SIGKILL');
    for (let i = 0; i < 100 && callee.endpoint !== nexus.url(); i++) await waitForStatus(callee, 'established', { timeoutMs: 30_000 }).then(() => new Promise((r) => setTimeout(r, 50)));
    expect(callee.endpoint).toBe(nexus.url());
    const caller = await connect({ url: nexus.url(), realm: 'realm1' });
    let answer: unknown;
    for (let i = 0; i < 50 && answer === undefined; i++) {
      answer = (await caller.call('com.wampkit.faults.where').catch(() => undefined))?.args[0];
      if (answer === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toBe('here');
    await Promise.all([caller.close(), callee.close()]);
  }, 120_000);
});
