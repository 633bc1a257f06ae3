/**
 * The common flags of every client command, read from the command line and the environment
 * (WAMPKIT_URL, WAMPKIT_REALM, WAMPKIT_SERIALIZER, WAMPKIT_AUTHID, WAMPKIT_TICKET,
 * WAMPKIT_SECRET, WAMPKIT_PRIVATE_KEY): credentials belong in the environment, not in a shell's
 * history.
 * @internal
 * @module
 */
import { cryptosignAuth, ticketAuth, wampcraAuth, type ConnectOptions } from '../index.js';
import type { SerializerName } from '../serializers/serializer.js';
import { CliUsageError } from './args.js';

/** The flags every client command takes (util.parseArgs options). */
export const COMMON_FLAGS = {
  url: { type: 'string' },
  realm: { type: 'string' },
  serializer: { type: 'string' },
  authid: { type: 'string' },
  ticket: { type: 'string' },
  secret: { type: 'string' },
  'private-key': { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed common flags. */
export interface CommonFlags {
  url?: string | undefined;
  realm?: string | undefined;
  serializer?: string | undefined;
  authid?: string | undefined;
  ticket?: string | undefined;
  secret?: string | undefined;
  'private-key'?: string | undefined;
  json?: boolean | undefined;
  timeout?: string | undefined;
}

const SERIALIZERS: readonly SerializerName[] = ['json', 'msgpack', 'cbor'];

/** ConnectOptions from the flags and the environment. @throws {@link CliUsageError} */
export function connectOptions(flags: CommonFlags, env: NodeJS.ProcessEnv): ConnectOptions {
  const url = flags.url ?? env['WAMPKIT_URL'] ?? 'ws://127.0.0.1:8080/ws';
  const realm = flags.realm ?? env['WAMPKIT_REALM'] ?? 'realm1';
  const serializer = flags.serializer ?? env['WAMPKIT_SERIALIZER'];
  if (serializer !== undefined && !SERIALIZERS.includes(serializer as SerializerName)) {
    throw new CliUsageError(`--serializer must be one of ${SERIALIZERS.join(', ')}, got ${serializer}`);
  }
  const authid = flags.authid ?? env['WAMPKIT_AUTHID'];
  const ticket = flags.ticket ?? env['WAMPKIT_TICKET'];
  const secret = flags.secret ?? env['WAMPKIT_SECRET'];
  const privateKey = flags['private-key'] ?? env['WAMPKIT_PRIVATE_KEY'];
  const given = [ticket, secret, privateKey].filter((x) => x !== undefined).length;
  if (given > 1) throw new CliUsageError('give one of --ticket, --secret and --private-key');
  if ((ticket !== undefined || secret !== undefined) && authid === undefined) throw new CliUsageError('--ticket and --secret need --authid');
  const auth =
    ticket !== undefined ? ticketAuth(authid!, ticket)
    : secret !== undefined ? wampcraAuth(authid!, secret)
    : privateKey !== undefined ? cryptosignAuth(authid, privateKey)
    : undefined;
  const options: ConnectOptions = {
    url,
    realm,
    reconnect: false,
    ...(serializer !== undefined ? { serializers: [serializer as SerializerName] } : {}),
    ...(auth ? { auth } : {}),
  };
  return options;
}

/** `--timeout` in ms (a call's timeout), or undefined. @throws {@link CliUsageError} */
export function timeoutOf(flags: CommonFlags): number | undefined {
  if (flags.timeout === undefined) return undefined;
  const ms = Number(flags.timeout);
  if (!Number.isFinite(ms) || ms <= 0) throw new CliUsageError(`--timeout takes a number of ms, got ${flags.timeout}`);
  return ms;
}
