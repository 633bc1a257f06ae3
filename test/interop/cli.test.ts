/**
 * The built `wampkit` CLI (bundled here as the package's Node build ships it) as a process against
 * each router (Crossbar.io and Nexus too): register --echo and call, publish --ack and
 * subscribe, meta sessions, a WAMP error's exit code.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { buildNode } from '../../scripts/node-build.mjs';
import { selectedTargets } from './real-routers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, '.cache/cli-build');
const CLI = [join(out, 'cli.js')];

beforeAll(async () => {
  await buildNode(esbuild, root, out);
}, 120_000);

function start(args: string[]) {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const lines: string[] = [];
  let onLine: ((l: string) => void) | undefined;
  createInterface({ input: child.stdout }).on('line', (l) => {
    stdout += `${l}\n`;
    lines.push(l);
    onLine?.(l);
  });
  let onErr: (() => void) | undefined;
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    onErr?.();
  });
  return {
    child,
    firstLine: () => new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines[0]!) : (onLine = resolve))),
    said: (re: RegExp) => new Promise<void>((resolve) => (re.test(stderr) ? resolve() : (onErr = () => re.test(stderr) && resolve()))),
    done: new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
  };
}

let n = 0;
const uri = (name: string) => `com.wampkit.cli.r${Date.now().toString(36)}.t${++n}.${name}`;

for (const target of selectedTargets()) {
  describe(`[cli] the wampkit CLI via ${target.name}`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());

    it('[cli] register --echo, call, publish --ack, subscribe, meta sessions, and exit codes', async () => {
      const url = target.urls.websocket!;
      const proc = uri('echo');
      const callee = start(['register', proc, '--echo', '--url', url]);
      await callee.said(/registered/);
      const call = await start(['call', proc, '1', '"two"', '--kw', 'k=true', '--json', '--url', url]).done;
      expect(call.code).toBe(0);
      expect(JSON.parse(call.stdout)).toEqual({ args: [1, 'two'], kwargs: { k: true } });
      const missing = await start(['call', uri('nothing'), '--url', url]).done;
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/wamp\.error\.no_such_procedure/);
      const topic = uri('topic');
      const sub = start(['subscribe', topic, '--url', url, '--serializer', 'msgpack']);
      await sub.said(/subscribed/);
      const pub = await start(['publish', topic, '42', '--ack', '--url', url]).done;
      expect(pub.code).toBe(0);
      expect(JSON.parse(await sub.firstLine())).toMatchObject({ topic, args: [42] });
      // Meta access on these routers is the test config's (anonymous may use it there).
      const meta = await start(['meta', 'sessions', '--json', '--url', url]).done;
      expect(meta.code).toBe(0);
      expect(meta.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
      sub.child.kill('SIGINT');
      callee.child.kill('SIGINT');
      expect((await sub.done).code).toBe(0);
      expect((await callee.done).code).toBe(0);
    });
  });
}
