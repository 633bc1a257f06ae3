/**
 * Failover across routers: with a list of URLs, each connection attempt takes the next one; when
 * the router in use dies (a real process, killed), the session moves to another, says which, and
 * restores its registrations there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { Endpoints } from '../../src/client/endpoints.js';

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
  });

  it('the router in use is killed: the session moves to the other one and restores its registration there', async () => {
    const [a, b] = await Promise.all([routerProcess(), routerProcess()]);
    const callee = await connect({
      url: [a.url, b.url], realm: 'realm1', heartbeat: false,
      reconnect: { initialDelayMs: 20, jitter: 0, maxRetries: 10 },
    });
    expect(callee.endpoint).toBe(a.url);
    await callee.register('com.example.echo', (args) => args[0]);
    const moved = new Promise<void>((resolve) => callee.onStatus((s) => {
      if (s.type === 'established' && callee.endpoint === b.url) resolve();
    }));
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
