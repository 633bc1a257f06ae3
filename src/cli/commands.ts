/**
 * The client commands: call, register, publish, subscribe, meta. Each writes results to stdout
 * (JSON lines with `--json`), messages to stderr, and resolves with the exit code once done.
 * @internal
 * @module
 */
import { spawn } from 'node:child_process';
import { CanceledError, Result, WampError, type Session, type SessionEnd } from '../index.js';
import type { MatchPolicy } from '../protocol/uri.js';
import { progressBar, progressFraction } from './args.js';

/** Where a command writes, and how it learns it should stop (Ctrl-C). */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM. */
  readonly interrupt: AbortSignal;
  /** Whether stderr is a terminal (progress bar redrawn in place). */
  readonly tty: boolean;
  readonly json: boolean;
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? `<${x.byteLength} bytes>` : x));

/** `call URI [args…] [--kw k=v]`: prints progressive results as they come; Ctrl-C cancels. */
export async function callCommand(session: Session, io: CliIo, uri: string, args: unknown[], kwargs: Record<string, unknown>, timeoutMs: number | undefined): Promise<number> {
  let barShown = false;
  const result = await session.call(uri, args, kwargs, {
    signal: io.interrupt,
    cancelMode: 'kill',
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    onProgress: ({ args: a, kwargs: k }) => {
      if (io.json) return io.out(show({ progress: true, args: a, kwargs: k }));
      const f = progressFraction(a, k);
      if (f !== undefined) {
        io.err(io.tty ? `\r${progressBar(f)}` : `${progressBar(f)}\n`);
        barShown = true;
      } else io.out(`progress: ${show(a)}${Object.keys(k).length ? ` ${show(k)}` : ''}`);
    },
  });
  if (barShown && io.tty) io.err('\n');
  if (io.json) io.out(show({ args: result.args, kwargs: result.kwargs }));
  else io.out(`${show(result.args)}${Object.keys(result.kwargs).length ? ` ${show(result.kwargs)}` : ''}`);
  return 0;
}

/** `publish URI [args…] [--kw k=v] [--ack]`. */
export async function publishCommand(session: Session, io: CliIo, uri: string, args: unknown[], kwargs: Record<string, unknown>, ack: boolean): Promise<number> {
  if (ack) {
    const id = await session.publish(uri, args, kwargs, { acknowledge: true });
    io.out(io.json ? show({ publication: id }) : `published ${id}`);
  } else await session.publish(uri, args, kwargs);
  return 0;
}

/** `subscribe URI [--match prefix|wildcard]`: one JSON line per event until Ctrl-C. */
export async function subscribeCommand(session: Session, io: CliIo, uri: string, match: MatchPolicy | undefined): Promise<number> {
  await session.subscribe(
    uri,
    (args, kwargs, d) => io.out(show({ topic: d.topic, publication: d.publication, ...(d.publisher !== undefined ? { publisher: d.publisher } : {}), args, kwargs })),
    match ? { match } : {},
  );
  io.err(`subscribed to ${uri}${match ? ` (${match})` : ''}; Ctrl-C to stop\n`);
  return untilInterrupted(io, session);
}

/** Bounds of `register --exec`: concurrent commands, and how long one may run. */
const EXEC_CONCURRENCY = 8;
const EXEC_TIMEOUT_MS = 60_000;
const EXEC_OUTPUT_BYTES = 1024 * 1024;

/**
 * `register URI --echo` answers each call with its own args and kwargs; `--exec CMD` runs CMD
 * (through the shell) per call with `{"args":…,"kwargs":…}` on stdin and answers with its stdout
 * (JSON when it is JSON); a non-zero exit is ERROR `wampkit.error.exec_failed` with its stderr.
 * At most 8 commands run at once, each at most 60 s; an interrupted call kills its command.
 */
export async function registerCommand(session: Session, io: CliIo, uri: string, mode: { echo: true } | { exec: string }, match: MatchPolicy | undefined): Promise<number> {
  let running = 0;
  await session.register(
    uri,
    (args, kwargs, ctx) => {
      if ('echo' in mode) return new Result(args, kwargs);
      if (running >= EXEC_CONCURRENCY) throw new WampError('wampkit.error.busy', { args: [`${EXEC_CONCURRENCY} commands already running`] });
      running++;
      return runCommand(mode.exec, JSON.stringify({ args, kwargs, procedure: ctx.procedure }), ctx.signal).finally(() => running--);
    },
    match ? { match } : {},
  );
  io.err(`registered ${uri}${'exec' in mode ? ` → ${mode.exec}` : ' (echo)'}; Ctrl-C to stop\n`);
  return untilInterrupted(io, session);
}

function runCommand(command: string, input: string, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], timeout: EXEC_TIMEOUT_MS, signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const take = (into: Buffer[]) => (b: Buffer) => {
      size += b.byteLength;
      if (size > EXEC_OUTPUT_BYTES) child.kill();
      else into.push(b);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.on('error', (e) => reject(new WampError('wampkit.error.exec_failed', { args: [e.message] })));
    child.on('close', (code, sig) => {
      const stdout = Buffer.concat(out).toString('utf8').trim();
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve(stdout);
        }
      } else {
        const why = sig ? `killed by ${sig}` : `exit code ${code}`;
        reject(new WampError('wampkit.error.exec_failed', { args: [`${command}: ${why}`, Buffer.concat(err).toString('utf8').trim()] }));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** `meta sessions|registrations|subscriptions`: the realm as the meta API shows it. */
export async function metaCommand(session: Session, io: CliIo, what: string): Promise<number> {
  const rows: Array<Record<string, unknown>> = [];
  if (what === 'sessions') {
    for (const id of await session.meta.session.list()) {
      const d = await session.meta.session.get(id).catch(() => undefined);
      if (d) rows.push({ session: d.session, authid: d.authid, authrole: d.authrole, authmethod: d.authmethod });
    }
  } else if (what === 'registrations' || what === 'subscriptions') {
    const api = what === 'registrations' ? session.meta.registration : session.meta.subscription;
    const ids = await api.list();
    for (const id of [...ids.exact, ...ids.prefix, ...ids.wildcard]) {
      const info = await api.get(id).catch(() => undefined);
      if (!info) continue;
      const peers = what === 'registrations' ? await session.meta.registration.listCallees(id).catch(() => []) : await session.meta.subscription.listSubscribers(id).catch(() => []);
      rows.push({ id, uri: info.uri, match: info.match, ...('invoke' in info ? { invoke: info.invoke } : {}), [what === 'registrations' ? 'callees' : 'subscribers']: peers });
    }
  } else {
    return -1;
  }
  if (io.json) for (const r of rows) io.out(show(r));
  else if (rows.length === 0) io.out(`no ${what}`);
  else for (const r of rows) io.out(Object.entries(r).map(([k, v]) => `${k}=${typeof v === 'string' ? v : show(v)}`).join('  '));
  return 0;
}

/**
 * Waits for Ctrl-C: 0 then; 3 (connection) when the session ends first (the router went away or
 * closed it), saying why on stderr.
 */
async function untilInterrupted(io: CliIo, session: Session): Promise<number> {
  const ended = await new Promise<SessionEnd | undefined>((resolve) => {
    if (io.interrupt.aborted) return resolve(undefined);
    io.interrupt.addEventListener('abort', () => resolve(undefined), { once: true });
    void session.closed().then(resolve);
  });
  if (ended === undefined || io.interrupt.aborted) return 0;
  const why = ended.error ? `${ended.error.name}: ${ended.error.message}` : `${ended.reason}${ended.message ? ` (${ended.message})` : ''}`;
  io.err(`wampkit: ${ended.kind === 'transport' ? 'connection lost' : 'session ended by the router'}: ${why}\n`);
  return 3;
}

/** The exit code and message for an error a command ended with. */
export function failure(error: unknown): { code: number; message: string } {
  if (error instanceof CanceledError) return { code: 1, message: 'canceled' };
  if (error instanceof WampError) {
    const detail = error.args.filter((a) => typeof a === 'string').join(' ');
    return { code: 1, message: `${error.uri}${detail ? `: ${detail}` : ''}` };
  }
  const name = (error as { name?: string } | null)?.name;
  if (name === 'UsageError' || name === 'CliUsageError') return { code: 2, message: (error as Error).message };
  if (name === 'TransportError' || name === 'AuthenticationError' || name === 'SessionAbortedError' || name === 'SessionClosedError' || name === 'TimeoutError') {
    return { code: name === 'TimeoutError' ? 1 : 3, message: `${name}: ${(error as Error).message}` };
  }
  return { code: 1, message: error instanceof Error ? error.message : String(error) };
}
