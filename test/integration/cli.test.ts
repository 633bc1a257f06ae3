/**
 * The `wampkit` CLI as a process (from source here; the consumer test runs the built bin from the
 * packed tarball, the interop suite runs it against Crossbar.io): every command, the common
 * flags and env vars, progress, Ctrl-C, and the exit codes 0 ok, 1 WAMP error, 2 usage,
 * 3 connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, cryptosignPublicKey, Result, ticketAuth, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const children = new Set<ChildProcess>();

interface Running {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  line(re: RegExp): Promise<string>;
  /** Resolves once stderr has printed text matching `re`. */
  said(re: RegExp): Promise<void>;
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  const errWaiters: Array<{ re: RegExp; resolve: () => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    stdout += `${l}\n`;
    lines.push(l);
    for (const w of [...waiters]) if (w.re.test(l)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(l));
  });
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
    for (const w of [...errWaiters]) if (w.re.test(stderr)) (errWaiters.splice(errWaiters.indexOf(w), 1), w.resolve());
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    child,
    done,
    line: (re) => {
      const hit = lines.find((l) => re.test(l));
      return hit !== undefined ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ re, resolve }));
    },
    said: (re) => (re.test(stderr) ? Promise.resolve() : new Promise((resolve) => errWaiters.push({ re, resolve }))),
  };
}
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => start(args, env).done;

let router: Running;
let url: string;
let admin: Session;
const dir = mkdtempSync(join(tmpdir(), 'wampkit-cli-'));
const SEED = '4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510';

beforeAll(async () => {
  // The router command itself, with principals and permissions from a YAML file.
  const config = join(dir, 'router.yaml');
  writeFileSync(
    config,
    [
      'host: 127.0.0.1',
      'realms: [realm1]',
      'principals:',
      '  ticket:',
      '    ops: { ticket: ops-secret, role: admin }',
      '  wampcra:',
      '    cra: { secret: cra-secret, role: admin }',
      '  cryptosign:',
      `    signer: { authorizedKeys: [${cryptosignPublicKey(SEED)}], role: admin }`,
      '  anonymousRole: anonymous',
      'eventHistory: [{ uri: com.example.log, limit: 10 }]',
    ].join('\n'),
  );
  router = start(['router', '--port', '0', '--config', config]);
  url = (await router.line(/^WebSocket: /)).slice('WebSocket: '.length);
  admin = await connect({ url, realm: 'realm1', auth: ticketAuth('ops', 'ops-secret') });
}, 30_000);

afterAll(async () => {
  await admin?.close();
  router?.child.kill('SIGINT');
  await router?.done;
  for (const c of children) c.kill('SIGKILL');
});

describe('usage and exit codes', () => {
  it('help is 0; no command, an unknown command or flag, a bad value is 2', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run([])).code).toBe(2);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command frobnicate/);
    expect((await run(['call', 'com.x', '--bogus'])).code).toBe(2);
    expect((await run(['call', 'com.x', '--kw', 'novalue', '--url', url])).code).toBe(2);
    expect((await run(['subscribe', 'com.x', '--match', 'fuzzy', '--url', url])).code).toBe(2);
    expect((await run(['call', 'com.x', '--serializer', 'xml', '--url', url])).code).toBe(2);
    expect((await run(['call', 'not a uri!', '--url', url])).code).toBe(2);
  });

  it('router --config: a file that is not a router config is 2, naming each wrong key (no router with a bound silently off)', async () => {
    const bad = (name: string, body: string) => {
      const file = join(dir, name);
      writeFileSync(file, body);
      return run(['router', '--port', '0', '--config', file]);
    };
    const typo = await bad('typo.yaml', 'limits: { maxConnections: lots, maxConectionsPerAddress: 3 }\nrealms: [realm1]\n');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/limits\.maxConnections: .*expected number/);
    expect(typo.stderr).toMatch(/maxConectionsPerAddress/);
    const principal = await bad('principal.json', JSON.stringify({ principals: { ticket: { ops: { ticket: 's3cret' } } } }));
    expect(principal.code).toBe(2);
    expect(principal.stderr).toMatch(/principals\.ticket\.ops\.role/);
    const realms = await bad('realms.yaml', 'realms: 7\n');
    expect(realms.code).toBe(2);
    expect(realms.stderr).toMatch(/realms: .*expected array/);
    expect(realms.stderr).not.toMatch(/\n\s+at /);
  });

  it('no router there, or refused credentials, is 3', async () => {
    const refused = await run(['call', 'com.x', '--url', 'ws://127.0.0.1:1/ws']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/ECONNREFUSED/);
    expect((await run(['call', 'com.x', '--url', url, '--authid', 'ops', '--ticket', 'wrong'])).code).toBe(3);
  });

  it('a WAMP error is 1, its URI printed', async () => {
    const r = await run(['call', 'com.example.nothing', '--url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wamp\.error\.no_such_procedure/);
  });
});

describe('commands', () => {
  it('register --echo answers calls; call reads args and --kw as JSON when they are JSON', async () => {
    const callee = start(['register', 'com.example.echo', '--echo', '--url', url]);
    await callee.said(/registered com\.example\.echo/);
    const r = await run(['call', 'com.example.echo', '1', '"two"', '{"a":3}', 'plain', '--kw', 'x=4', '--kw', 'y=yes', '--url', url]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('[1,"two",{"a":3},"plain"] {"x":4,"y":"yes"}');
    const j = await run(['call', 'com.example.echo', '1', '--json', '--url', url, '--serializer', 'msgpack']);
    expect(JSON.parse(j.stdout)).toEqual({ args: [1], kwargs: {} });
    callee.child.kill('SIGINT');
    expect((await callee.done).code).toBe(0);
  });

  it('register --exec runs a command per call (JSON on stdin, JSON or text from stdout); its failure is an ERROR', async () => {
    const sum = `${JSON.stringify(process.execPath)} -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const {args}=JSON.parse(s);console.log(JSON.stringify(args.reduce((a,b)=>a+b,0)))})"`;
    const callee = start(['register', 'com.example.sum', '--exec', sum, '--url', url]);
    await callee.said(/registered com\.example\.sum/);
    expect((await admin.call('com.example.sum', [1, 2, 3])).args).toEqual([6]);
    callee.child.kill('SIGINT');
    await callee.done;
    const failing = start(['register', 'com.example.fail', '--exec', `${JSON.stringify(process.execPath)} -e "process.stderr.write('nope');process.exit(3)"`, '--url', url]);
    await failing.said(/registered/);
    const e = await admin.call('com.example.fail').catch((x: unknown) => x);
    expect(e).toMatchObject({ uri: 'wampkit.error.exec_failed' });
    expect((e as { args: unknown[] }).args).toEqual([expect.stringMatching(/exit code 3/), 'nope']);
    failing.child.kill('SIGINT');
    await failing.done;
  });

  it('call prints progressive results as they come, with a bar for {progress, total} chunks', async () => {
    await admin.register('com.example.job', async (_a, _k, ctx) => {
      for (let i = 1; i <= 4; i++) ctx.progress([], { progress: i, total: 4 });
      ctx.progress(['a note']);
      return 'done';
    });
    const r = await run(['call', 'com.example.job', '--url', url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[#####---------------\]  25%/);
    expect(r.stderr).toMatch(/\[####################\] 100%/);
    expect(r.stdout).toMatch(/progress: \["a note"\]/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('["done"]');
    const j = await run(['call', 'com.example.job', '--json', '--url', url]);
    const lines = j.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['progress'] === true)).toHaveLength(5);
    expect(lines.at(-1)).toEqual({ args: ['done'], kwargs: {} });
  });

  it('Ctrl-C during a call cancels it at the callee and exits 1 (canceled)', async () => {
    let aborted!: () => void;
    const wasAborted = new Promise<void>((r) => (aborted = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    await admin.register('com.example.slow', (_a, _k, ctx) => {
      started();
      return new Promise((resolve) => ctx.signal.addEventListener('abort', () => (aborted(), resolve(new Result(['stopped'])))));
    });
    const cli = start(['call', 'com.example.slow', '--url', url]);
    await running;
    cli.child.kill('SIGINT');
    const r = await cli.done;
    await wasAborted;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/canceled/);
  });

  it('publish (with --ack, the publication id) and subscribe (JSON lines until Ctrl-C)', async () => {
    const sub = start(['subscribe', 'com.example', '--match', 'prefix', '--url', url]);
    await sub.said(/subscribed to com\.example \(prefix\)/);
    const p = await run(['publish', 'com.example.temp', '21.5', '--kw', 'unit=C', '--ack', '--url', url]);
    expect(p.code).toBe(0);
    const id = Number(/published (\d+)/.exec(p.stdout)?.[1]);
    const line = JSON.parse(await sub.line(/^\{/)) as Record<string, unknown>;
    expect(line).toMatchObject({ topic: 'com.example.temp', publication: id, args: [21.5], kwargs: { unit: 'C' } });
    sub.child.kill('SIGINT');
    expect((await sub.done).code).toBe(0);
  });

  it('meta lists sessions, registrations and subscriptions with credentials (flags or env vars); anonymous is refused', async () => {
    expect((await run(['meta', 'sessions', '--url', url])).code).toBe(1);
    await admin.register('com.example.listed', () => 1);
    const s = await run(['meta', 'sessions', '--json', '--url', url, '--authid', 'ops', '--ticket', 'ops-secret']);
    expect(s.code).toBe(0);
    const rows = s.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toContainEqual(expect.objectContaining({ session: admin.id, authid: 'ops', authrole: 'admin' }));
    const env = { WAMPKIT_URL: url, WAMPKIT_AUTHID: 'ops', WAMPKIT_TICKET: 'ops-secret' };
    const r = await run(['meta', 'registrations'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/uri=com\.example\.listed {2}match=exact {2}invoke=single {2}callees=\[\d+\]/);
    expect((await run(['meta', 'subscriptions'], env)).code).toBe(0);
    expect((await run(['meta', 'nonsense'], env)).code).toBe(2);
    // WAMP-CRA and cryptosign credentials work the same way; two at once is a usage error.
    expect((await run(['meta', 'sessions', '--url', url, '--authid', 'cra', '--secret', 'cra-secret'])).code).toBe(0);
    expect((await run(['meta', 'sessions', '--url', url, '--authid', 'signer', '--private-key', SEED])).code).toBe(0);
    expect((await run(['meta', 'sessions', '--url', url, '--authid', 'signer', '--private-key', SEED, '--ticket', 'x'])).code).toBe(2);
  });

  it('subscribe and register exit 3 (connection) when the router goes away, not 0', async () => {
    const gone = new Router({ realms: ['realm1'] });
    const { url: goneUrl } = await gone.listenWebSocket({ host: '127.0.0.1', port: 0, path: '/ws' });
    const sub = start(['subscribe', 'com.example.t', '--url', goneUrl]);
    const reg = start(['register', 'com.example.e', '--echo', '--url', goneUrl]);
    await Promise.all([sub.said(/subscribed/), reg.said(/registered/)]);
    await gone.close();
    for (const r of [await sub.done, await reg.done]) {
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/connection lost|session ended/);
    }
  });

  it('router: a port in use is a usage error with words, not a stack', async () => {
    const port = new URL(url).port;
    const r = await run(['router', '--port', port]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port in use/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
