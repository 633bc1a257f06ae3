/**
 * Failover across routers: with a list of URLs, each connection attempt takes the next one; when
 * the router in use dies (a real process, killed), the session moves to another, says which, and
 * restores its registrations there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type SessionStatus } from '../../src/index.js';
import { Endpoints } from '../../src/client/endpoints.js';
import { TestRouter, waitForStatus } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function routerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/router-process.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`router process exited (${code})`)));
  });
  return { url, child };
}

describe('failover', () => {
  it('round robin and random pick the next endpoint (random never the one that just failed)', () => {
    const rr = new Endpoints(['a', 'b', 'c']);
    expect([rr.next(), rr.next(), rr.next(), rr.next()]).toEqual(['a', 'b', 'c', 'a']);
    let r = 0.99;
    const rnd = new Endpoints(['a', 'b', 'c'], 'random', () => (r = (r + 0.37) % 1));
    let last = rnd.next();
    for (let i = 0; i < 50; i++) {
      const n = rnd.next();
      expect(n).not.toBe(last);
      last = n;
    }
    // random starts anywhere (sessions spread over the routers); round robin with the first.
    expect(new Endpoints(['a', 'b', 'c'], 'random', () => 0.99).next()).toBe('c');
    expect(new Endpoints(['a', 'b', 'c'], 'random', () => 0).current).toBeUndefined();
    expect(() => new Endpoints([])).toThrow(TypeError);
    expect(() => new Endpoints(['a'], 'sticky' as 'random')).toThrow(TypeError);
  });

  it('a list of connectors (any transport): the status says which endpoint each attempt is on; the session moves when its router stops, and restores there', async () => {
    const a = new TestRouter();
    const b = new TestRouter();
    const s = await connect({
      transport: [a.connector('router-a'), b.connector('router-b')], realm: 'realm1', heartbeat: false,
      reconnect: { initialDelayMs: 10, jitter: 0, maxRetries: 10 },
    });
    const seen: string[] = [];
    s.onStatus((st: SessionStatus) => seen.push(`${st.type}${'endpoint' in st ? ` ${st.endpoint}` : ''}`));
    expect(s.status).toMatchObject({ type: 'established', endpoint: 'router-a' });
    expect(s.endpoint).toBe('router-a');
    await s.register('com.example.where', () => 'here');
    await a.stop();
    await waitForStatus(s, 'established', { where: (st) => st.endpoint === 'router-b' });
    expect(seen).toEqual(['reconnecting router-a', 'connecting router-b', 'established router-b']);
    expect(s.endpoint).toBe('router-b');
    const other = await connect({ transport: b.connector(), realm: 'realm1', heartbeat: false });
    expect((await other.call('com.example.where')).args).toEqual(['here']);
    // Round robin: when b goes too, the next attempt is on a again (back by then).
    a.start();
    await b.stop();
    await waitForStatus(s, 'established', { where: (st) => st.endpoint === 'router-a' });
    await s.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('the router in use is killed: the session moves to the other one and restores its registration there', async () => {
    const [a, b] = await Promise.all([routerProcess(), routerProcess()]);
    const callee = await connect({
      url: [a.url, b.url], realm: 'realm1', heartbeat: false,
      reconnect: { initialDelayMs: 20, jitter: 0, maxRetries: 10 },
    });
    expect(callee.endpoint).toBe(a.url);
    expect(callee.status).toMatchObject({ type: 'established', endpoint: a.url });
    await callee.register('com.example.echo', (args) => args[0]);
    const moved = waitForStatus(callee, 'established', { where: (s) => s.endpoint === b.url, timeoutMs: 20_000 });
    a.child.kill('SIGKILL');
    await moved;
    expect(callee.endpoint).toBe(b.url);
    // Its registration is restored on the new router.
    const caller = await connect({ url: b.url, realm: 'realm1' });
    expect((await caller.call('com.example.echo', ['moved'])).args).toEqual(['moved']);
    await caller.close();
    await callee.close();
  }, 30_000);
});
