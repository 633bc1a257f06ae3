/**
 * Adapters over the other WAMP clients (npm `autobahn`, npm `wampy`) with one small interface,
 * so the peer interop cases read the same for both.
 *
 * autobahn 26.x expects Node 22's global WebSocket; on Node 20 we give it the `ws` package's
 * WebSocket as `globalThis.WebSocket` (see `ensureGlobalWebSocket`).
 */
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import type { SerializerName } from '../../src/serializers/index.js';

const require = createRequire(import.meta.url);

/** A payload as all three clients can express it. */
export interface Payload {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** An application error thrown by a peer's procedure. */
export interface PeerError {
  uri: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** What the interop cases need of another client. */
export interface Peer {
  readonly name: string;
  register(uri: string, fn: (p: Payload) => Payload | PeerError): Promise<void>;
  call(uri: string, p: Payload): Promise<Payload>;
  subscribe(uri: string, handler: (p: Payload) => void): Promise<void>;
  publish(uri: string, p: Payload): Promise<void>;
  /** Payload Passthru Mode (wampy.js has it): publish and call with `ppt_*` options. */
  publishPassthru?(uri: string, p: Payload, ppt: Record<string, string>): Promise<void>;
  callPassthru?(uri: string, p: Payload, ppt: Record<string, string>): Promise<Payload>;
  close(): Promise<void>;
}

export function isPeerError(v: Payload | PeerError): v is PeerError {
  return 'uri' in v;
}

function ensureGlobalWebSocket(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (typeof g.WebSocket === 'undefined') g.WebSocket = WebSocket;
}

interface AutobahnResult { args?: unknown[]; kwargs?: Record<string, unknown> }
interface AutobahnSession {
  register(uri: string, fn: (args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined) => unknown): Promise<unknown>;
  call(uri: string, args: unknown[], kwargs: Record<string, unknown>): Promise<unknown>;
  subscribe(uri: string, fn: (args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined) => void): Promise<unknown>;
  publish(uri: string, args: unknown[], kwargs: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
}
interface AutobahnModule {
  Connection: new (options: Record<string, unknown>) => {
    onopen: (s: AutobahnSession) => void;
    onclose: (reason: string, details: unknown) => boolean;
    open(): void;
    close(): void;
  };
  Result: new (args: unknown[], kwargs: Record<string, unknown>) => AutobahnResult;
  Error: new (uri: string, args: unknown[], kwargs: Record<string, unknown>) => Error;
  serializer: Record<string, new () => unknown>;
}

/** An Autobahn|JS session (npm `autobahn`) over WebSocket. */
export async function autobahnPeer(url: string, serializer: SerializerName): Promise<Peer> {
  ensureGlobalWebSocket();
  const autobahn = require('autobahn') as AutobahnModule;
  const Ser = { json: 'JSONSerializer', msgpack: 'MsgpackSerializer', cbor: 'CBORSerializer' }[serializer];
  const SerCtor = autobahn.serializer[Ser];
  if (!SerCtor) throw new Error(`autobahn has no ${Ser}`);
  const connection = new autobahn.Connection({ url, realm: 'realm1', serializers: [new SerCtor()], max_retries: 0 });
  const session = await new Promise<AutobahnSession>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason, details) => {
      reject(new Error(`autobahn could not connect: ${reason} ${JSON.stringify(details)}`));
      return true;
    };
    connection.open();
  });
  const toPayload = (r: unknown): Payload => {
    if (r instanceof Object && ('args' in r || 'kwargs' in r) && (r as object).constructor?.name === 'Result') {
      const rr = r as AutobahnResult;
      return { args: rr.args ?? [], kwargs: rr.kwargs ?? {} };
    }
    return { args: r === undefined || r === null ? [] : [r], kwargs: {} };
  };
  return {
    name: 'autobahn',
    async register(uri, fn) {
      await session.register(uri, (args, kwargs) => {
        const out = fn({ args: args ?? [], kwargs: kwargs ?? {} });
        if (isPeerError(out)) throw new autobahn.Error(out.uri, out.args, out.kwargs);
        return new autobahn.Result(out.args, out.kwargs);
      });
    },
    async call(uri, p) {
      return toPayload(await session.call(uri, p.args, p.kwargs));
    },
    async subscribe(uri, handler) {
      await session.subscribe(uri, (args, kwargs) => handler({ args: args ?? [], kwargs: kwargs ?? {} }));
    },
    async publish(uri, p) {
      await session.publish(uri, p.args, p.kwargs, { acknowledge: true });
    },
    async close() {
      connection.close();
    },
  };
}

interface WampyData { argsList?: unknown[]; argsDict?: Record<string, unknown> }
interface WampyInstance {
  connect(): Promise<unknown>;
  disconnect(): Promise<unknown>;
  register(uri: string, fn: (d: WampyData) => unknown): Promise<unknown>;
  call(uri: string, payload: WampyData, options?: Record<string, unknown>): Promise<WampyData>;
  subscribe(uri: string, fn: (d: WampyData) => void, options?: Record<string, unknown>): Promise<unknown>;
  publish(uri: string, payload: WampyData, options?: Record<string, unknown>): Promise<unknown>;
}

/**
 * wampy's MessagePack codec (msgpackr) reads 64-bit integers as BigInt: 2^53 − 1 arrives as
 * 9007199254740991n. The value is intact; turn safe BigInts back into numbers so the cases can
 * compare payloads across clients.
 */
function numbers<T>(v: T): T {
  if (typeof v === 'bigint') return (Number.isSafeInteger(Number(v)) ? Number(v) : v) as T;
  if (Array.isArray(v)) return v.map(numbers) as T;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbers(x)])) as T;
  }
  return v;
}

/** A wampy.js session (npm `wampy`) over WebSocket (`ws`). */
export async function wampyPeer(url: string, serializer: SerializerName): Promise<Peer> {
  const { Wampy } = (await import('wampy')) as unknown as { Wampy: new (url: string, o: Record<string, unknown>) => WampyInstance };
  const serializers: Record<SerializerName, () => Promise<unknown>> = {
    json: async () => new (((await import('wampy/JsonSerializer.js')) as unknown as { JsonSerializer: new () => unknown }).JsonSerializer)(),
    msgpack: async () => new (((await import('wampy/MsgpackSerializer.js')) as unknown as { MsgpackSerializer: new () => unknown }).MsgpackSerializer)(),
    cbor: async () => new (((await import('wampy/CborSerializer.js')) as unknown as { CborSerializer: new () => unknown }).CborSerializer)(),
  };
  const w = new Wampy(url, { realm: 'realm1', ws: WebSocket, serializer: await serializers[serializer](), autoReconnect: false });
  await w.connect();
  const payload = (p: Payload): WampyData => ({ argsList: p.args, argsDict: p.kwargs });
  return {
    name: 'wampy',
    async register(uri, fn) {
      await w.register(uri, (d) => {
        const out = fn(numbers({ args: d.argsList ?? [], kwargs: d.argsDict ?? {} }));
        if (isPeerError(out)) {
          // wampy turns an exception carrying these attributes into an ERROR.
          throw Object.assign(new Error(out.uri), { error: out.uri, argsList: out.args, argsDict: out.kwargs, details: {} });
        }
        return { argsList: out.args, argsDict: out.kwargs };
      });
    },
    async call(uri, p) {
      const r = await w.call(uri, payload(p));
      return numbers({ args: r.argsList ?? [], kwargs: r.argsDict ?? {} });
    },
    async subscribe(uri, handler) {
      // wampy sends `match` and `get_retained` even when unset; over MessagePack its codec writes
      // `undefined` as an extension type that Crossbar.io rejects ("invalid type ExtType for
      // 'match'"), failing the connection. Setting both explicitly avoids that wampy bug.
      await w.subscribe(uri, (d) => handler(numbers({ args: d.argsList ?? [], kwargs: d.argsDict ?? {} })), {
        match: 'exact',
        get_retained: false,
      });
    },
    async publish(uri, p) {
      await w.publish(uri, payload(p), { acknowledge: true });
    },
    async publishPassthru(uri, p, ppt) {
      await w.publish(uri, payload(p), { acknowledge: true, ...ppt });
    },
    async callPassthru(uri, p, ppt) {
      const r = await w.call(uri, payload(p), ppt);
      return numbers({ args: r.argsList ?? [], kwargs: r.argsDict ?? {} });
    },
    async close() {
      await w.disconnect();
    },
  };
}
