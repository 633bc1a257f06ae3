#!/usr/bin/env node
/**
 * The `wampkit` command line, built on the public API:
 *
 *   wampkit call URI [ARG…] [--kw k=v]… [--timeout MS]
 *   wampkit publish URI [ARG…] [--kw k=v]… [--ack]
 *   wampkit subscribe URI [--match prefix|wildcard]
 *   wampkit register URI (--echo | --exec CMD) [--match prefix|wildcard]
 *   wampkit meta sessions|registrations|subscriptions
 *   wampkit router [--port N] [--realm R] [--config FILE]
 *
 * Exit codes: 0 ok, 1 WAMP error (its URI printed), 2 usage, 3 connection.
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type Session } from '../index.js';
import type { MatchPolicy } from '../protocol/uri.js';
import { CliUsageError, readKwargs, readValue } from './args.js';
import { callCommand, failure, metaCommand, publishCommand, registerCommand, subscribeCommand, type CliIo } from './commands.js';
import { COMMON_FLAGS, connectOptions, timeoutOf } from './options.js';
import type { RouterConfig } from './router.js';

const USAGE = `usage: wampkit <command> [options]

commands:
  call URI [ARG...] [--kw k=v]... [--timeout MS]      call a procedure (Ctrl-C cancels)
  publish URI [ARG...] [--kw k=v]... [--ack]          publish an event
  subscribe URI [--match prefix|wildcard]             print events as JSON lines until Ctrl-C
  register URI (--echo | --exec CMD) [--match ...]    answer calls until Ctrl-C
  meta sessions|registrations|subscriptions           list what the realm has (needs meta rights)
  router [--port N] [--rawsocket-port N] [--realm R] [--config FILE]
                                                      run the embedded router until Ctrl-C

options (env vars in brackets):
  --url URL            router URL [WAMPKIT_URL] (default ws://127.0.0.1:8080/ws)
  --realm REALM        realm [WAMPKIT_REALM] (default realm1)
  --serializer NAME    json, msgpack or cbor [WAMPKIT_SERIALIZER]
  --authid ID          [WAMPKIT_AUTHID]
  --ticket T | --secret S | --private-key HEX
                       ticket, WAMP-CRA or cryptosign [WAMPKIT_TICKET, WAMPKIT_SECRET, WAMPKIT_PRIVATE_KEY]
  --json               machine-readable output (JSON lines)
ARG and --kw values are read as JSON when they are JSON, else as strings.
exit codes: 0 ok, 1 WAMP error, 2 usage, 3 connection`;

const MATCHES = new Set(['exact', 'prefix', 'wildcard']);

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: Omit<CliIo, 'json'>, env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (e) {
    io.err(`wampkit: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const json = values.json === true;
  const cio: CliIo = { ...io, json };
  try {
    const match = values.match;
    if (match !== undefined && !MATCHES.has(match)) throw new CliUsageError(`--match takes exact, prefix or wildcard, got ${match}`);
    if (command === 'router') {
      // The router (and its config schema) loads for this command only: `call` and the others
      // start without it.
      const { readRouterConfig, routerCommand } = await import('./router.js');
      const config: RouterConfig = values.config ? await readRouterConfig(values.config) : {};
      const port = values.port !== undefined ? Number(values.port) : undefined;
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new CliUsageError(`--port takes a port number, got ${values.port}`);
      const rawPort = values['rawsocket-port'] !== undefined ? Number(values['rawsocket-port']) : undefined;
      return await routerCommand(cio, {
        ...config,
        ...(port !== undefined ? { port } : {}),
        ...(rawPort !== undefined ? { rawsocketPort: rawPort } : {}),
        ...(values.realm !== undefined ? { realms: [values.realm] } : {}),
      });
    }
    const known = ['call', 'publish', 'subscribe', 'register', 'meta'];
    if (!known.includes(command)) throw new CliUsageError(`unknown command ${command}`);
    const [target, ...argTexts] = positionals;
    if (target === undefined) throw new CliUsageError(`${command} needs ${command === 'meta' ? 'sessions, registrations or subscriptions' : 'a URI'}`);
    if (command === 'meta' && !['sessions', 'registrations', 'subscriptions'].includes(target)) throw new CliUsageError(`meta shows sessions, registrations or subscriptions, not ${target}`);
    if (command === 'register' && values.echo !== true && values.exec === undefined) throw new CliUsageError('register needs --echo or --exec CMD');
    const args = argTexts.map(readValue);
    const kwargs = readKwargs(values.kw ?? []);
    const timeoutMs = timeoutOf(values);
    const options = connectOptions(values, env);
    let session: Session;
    try {
      session = await connect({ ...options, signal: io.interrupt });
    } catch (e) {
      const f = failure(e);
      io.err(`wampkit: ${(e as Error).message}\n`);
      return f.code === 2 ? 2 : 3;
    }
    try {
      switch (command) {
        case 'call': return await callCommand(session, cio, target, args, kwargs, timeoutMs);
        case 'publish': return await publishCommand(session, cio, target, args, kwargs, values.ack === true);
        case 'subscribe': return await subscribeCommand(session, cio, target, match as MatchPolicy | undefined);
        case 'register': return await registerCommand(session, cio, target, values.exec !== undefined ? { exec: values.exec } : { echo: true }, match as MatchPolicy | undefined);
        default: return await metaCommand(session, cio, target);
      }
    } finally {
      await session.close().catch(() => undefined);
    }
  } catch (e) {
    const f = failure(e);
    io.err(`wampkit: ${f.message}\n`);
    return f.code;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...COMMON_FLAGS,
      kw: { type: 'string', multiple: true },
      ack: { type: 'boolean' },
      match: { type: 'string' },
      echo: { type: 'boolean' },
      exec: { type: 'string' },
      port: { type: 'string' },
      'rawsocket-port': { type: 'string' },
      config: { type: 'string' },
    },
  });
}

/** Whether this module is the program being run (not imported by a test). */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130); // a second Ctrl-C: now
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await main(
    process.argv.slice(2),
    {
      out: (line) => void process.stdout.write(`${line}\n`),
      err: (text) => void process.stderr.write(text),
      interrupt: controller.signal,
      tty: process.stderr.isTTY === true,
    },
    process.env,
  );
  process.exitCode = code;
  // Nothing else should keep the process alive once a command is done.
  setTimeout(() => process.exit(code), 2000).unref();
}
