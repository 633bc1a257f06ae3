/**
 * Real routers for the interop suite, started by the project's own scripts on loopback:
 * Crossbar.io (scripts/install-crossbar.sh, a pinned PyPI `crossbar` in a venv) and Nexus
 * (scripts/install-nexus.sh, a pinned `nexusd` built with `go install`). A router that cannot be
 * installed or started fails the suite with its error; it is never skipped silently.
 *
 * `WAMPKIT_ROUTERS=embedded,nexus` limits the run to some routers.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { embeddedTarget, type RouterTarget } from './targets.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

function processTarget(
  name: 'crossbar' | 'nexus',
  urls: RouterTarget['urls'],
  serializers: RouterTarget['serializers'],
  gaps: RouterTarget['gaps'],
  extra: Partial<RouterTarget> = {},
): RouterTarget {
  return {
    ...extra,
    name,
    urls,
    serializers,
    gaps,
    async start() {
      try {
        await run('bash', [`${root}scripts/start-router.sh`, name], { cwd: root, timeout: 150_000 });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`could not start ${name}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      }
    },
    async stop() {
      await run('bash', [`${root}scripts/stop-router.sh`, name], { cwd: root, timeout: 30_000 }).catch(() => undefined);
    },
    async restart() {
      await this.stop();
      await this.start();
    },
  };
}

/** Every router of the suite. */
export function allTargets(): RouterTarget[] {
  return [
    embeddedTarget(),
    processTarget('crossbar', { websocket: 'ws://127.0.0.1:18080/ws', rawsocket: 'tcp://127.0.0.1:18081' }, ['json', 'msgpack', 'cbor'], {
      // Crossbar.io announces registration_revocation, but its only trigger, the meta procedure
      // wamp.registration.remove_callee, fails in 26.10.1 ("'NoneType' object has no attribute
      // 'forward_for'": it reads CallDetails it is never given), so a test cannot revoke.
      registration_revocation: 'wamp.registration.remove_callee fails in Crossbar.io 26.10.1, so nothing can trigger a revocation',
    }, { authUrl: 'ws://127.0.0.1:18082/ws' }),
    // nexusd's JSON config has no authenticators: nexus-auth (test/routers/nexus/auth) embeds the
    // same nexus version with the test principals.
    processTarget('nexus', { websocket: 'ws://127.0.0.1:18180/ws', rawsocket: 'tcp://127.0.0.1:18181' }, ['json', 'msgpack', 'cbor'], {}, {
      authUrl: 'ws://127.0.0.1:18182/ws',
    }),
  ];
}

/** The routers selected by `WAMPKIT_ROUTERS` (default all). */
export function selectedTargets(): RouterTarget[] {
  const wanted = process.env['WAMPKIT_ROUTERS']?.split(',').map((s) => s.trim()).filter(Boolean);
  const all = allTargets();
  return wanted && wanted.length > 0 ? all.filter((t) => wanted.includes(t.name)) : all;
}
