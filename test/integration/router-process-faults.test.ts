/**
 * Faults injected into a real router process (the embedded router in a child process, so that
 * every socket and timer of this process belongs to the sessions under test): frozen under load
 * (SIGSTOP), thawed, killed (kill -9) under load, started again. In-flight calls settle within the
 * heartbeat bound with the heartbeat's TransportError as the cause; acknowledged publishes are
 * acknowledged or rejected, each one counted; the sessions come back restored; and once they are
 * closed, no timer or socket is left behind. (test/interop/faults.test.ts does the same against
 * Crossbar.io and Nexus.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, SessionClosedError, TransportError, type Session } from '../../src/index.js';
import { waitForStatus } from '../../src/testing/index.js';
import { trackResources } from '../helpers/leaks.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => void child?.kill('SIGKILL'));

/** Starts the router process (on `port`, or any) and resolves with its WebSocket URL. */
async function startRouter(port = 0): Promise<string> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/router-process.ts', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  child = c;
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: c.stdout! }).once('line', resolve);
    c.once('exit', (code) => reject(new Error(`router process exited (${code})`)));
  });
}

const HEARTBEAT = { intervalMs: 50, timeoutMs: 400 };
const RECONNECT = { initialDelayMs: 20, maxDelayMs: 200, jitter: 0, maxRetries: 1_000 };

describe('faults in a router process', () => {
  it('frozen, thawed, killed and started again under load: everything settles, sessions come back, nothing leaks', async () => {
    const url = await startRouter();
    const port = Number(new URL(url).port);
    const resources = trackResources();
    const opts = { url, realm: 'realm1', heartbeat: HEARTBEAT, reconnect: RECONNECT, connectTimeoutMs: 1_000 } as const;
    const callee: Session = await connect(opts);
    await callee.register('com.example.echo', (args) => args[0]);
    const caller: Session = await connect(opts);

    // 1. Frozen under load: every call in flight settles, with the heartbeat's TransportError as the cause.
    let stoppedAt = 0;
    let running = true;
    const outcomes = { ok: 0, failed: [] as unknown[], settleMs: [] as number[] };
    let issued = 0;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) {
          issued++;
          await caller.call('com.example.echo', [issued]).then(
            () => void outcomes.ok++,
            (e: unknown) => {
              outcomes.failed.push(e);
              if (stoppedAt) outcomes.settleMs.push(Date.now() - stoppedAt);
            },
          );
          if (caller.status.type !== 'established') await waitForStatus(caller, 'established', { timeoutMs: 20_000 });
        }
      }),
    );
    while (outcomes.ok < 200) await new Promise((r) => setTimeout(r, 10));
    stoppedAt = Date.now();
    child!.kill('SIGSTOP');
    await waitForStatus(caller, 'reconnecting');
    expect(outcomes.failed.length).toBeGreaterThan(0);
    for (const e of outcomes.failed) {
      expect(e).toBeInstanceOf(SessionClosedError);
      expect((e as Error).cause).toBeInstanceOf(TransportError);
      expect(((e as Error).cause as Error).message).toMatch(/^no heartbeat for \d+ ms$/);
    }
    expect(Math.max(...outcomes.settleMs)).toBeLessThan(HEARTBEAT.timeoutMs + 3_000); // the bound, with a wide margin
    child!.kill('SIGCONT');
    await waitForStatus(caller, 'established', { timeoutMs: 20_000 });
    await waitForStatus(callee, 'established', { timeoutMs: 20_000 });
    const okBefore = outcomes.ok;
    while (outcomes.ok < okBefore + 100) await new Promise((r) => setTimeout(r, 10)); // the registration is back
    running = false;
    await load;
    expect(outcomes.ok + outcomes.failed.length).toBe(issued);

    // 2. Killed under acknowledged publishes: each one acknowledged or rejected, none unaccounted.
    const counts = { attempted: 0, acked: 0, rejected: 0 };
    running = true;
    const publishing = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) {
          counts.attempted++;
          await caller.publish('com.example.feed', [counts.attempted], {}, { acknowledge: true }).then(
            () => void counts.acked++,
            () => void counts.rejected++,
          );
        }
      }),
    );
    while (counts.acked < 200) await new Promise((r) => setTimeout(r, 10));
    child!.kill('SIGKILL');
    await waitForStatus(caller, 'reconnecting');
    running = false;
    await publishing;
    expect(counts.acked + counts.rejected).toBe(counts.attempted);

    // 3. Started again on the same port: both come back, the registration restored.
    await startRouter(port);
    await waitForStatus(caller, 'established', { timeoutMs: 20_000 });
    await waitForStatus(callee, 'established', { timeoutMs: 20_000 });
    expect((await caller.call('com.example.echo', ['back'])).args).toEqual(['back']);

    // 4. Closed: no timer, no socket left.
    await Promise.all([caller.close(), callee.close()]);
    expect(await resources.leaked()).toEqual([]);
  }, 60_000);
});
