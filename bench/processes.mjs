// The benchmark scripts' helper processes: the Go peer, and the router under test (the embedded
// one in its own process, or Nexus / Crossbar.io through the project's scripts). Every process
// started here is stopped when the script exits.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the real routers listen (scripts/start-router.sh). */
export const ROUTER_URLS = { nexus: 'ws://127.0.0.1:18180/ws', crossbar: 'ws://127.0.0.1:18080/ws' };

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
});

/**
 * Starts a process (in the repository's folder) and resolves once its stdout matches `match`.
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, match: RegExpExecArray }>}
 */
export function startProcess(cmd, args, match) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${err}`)), 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = match.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    });
    child.on('exit', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}): ${err}`));
    });
  });
}

/** Stops a process started by {@link startProcess}. */
export function stop(child) {
  children.delete(child);
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
}

/**
 * Starts the router under test: `embedded` in its own process, `nexus` or `crossbar` installed
 * where missing and started by the project's scripts (idempotent, as the interop suite does).
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
export async function startRouter(name) {
  if (name === 'embedded') {
    const { child, match } = await startProcess(process.execPath, ['bench/embedded-router.mjs'], /(ws:\/\/\S+)/);
    return { url: match[1], stop: () => stop(child) };
  }
  const url = ROUTER_URLS[name];
  if (!url) throw new Error(`unknown router ${name}`);
  execFileSync('bash', [`scripts/install-${name}.sh`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('bash', ['scripts/start-router.sh', name], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return { url, stop: () => execFileSync('bash', ['scripts/stop-router.sh', name], { cwd: root, stdio: 'ignore' }) };
}
