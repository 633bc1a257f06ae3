/**
 * The hostile-input suite (issue 9): at least HOSTILE_INPUTS (default 100 000) generated inputs
 * per run against the embedded router in a child process with a heap ceiling, over RawSocket and
 * WebSocket, with JSON, MessagePack and CBOR, in every session state (before HELLO, while
 * challenged, established) and at the framing level; a bystander session must keep working and
 * the router's memory must stay under the bound. Then the same generators against a wampkit
 * client facing a hostile router. Figures (inputs, peak memory) are printed and written to
 * test-results/hostile.json.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connect, type Session } from '../../src/index.js';
import { encodeMessage } from '../../src/protocol/codec.js';
import { MessageType } from '../../src/protocol/message-type.js';
import type { WampMessage } from '../../src/protocol/messages.js';
import { makeSerializer, type Serializer } from '../../src/serializers/index.js';
import { FrameReader, encodeFrameHeader, encodeHandshake, RAWSOCKET_SERIALIZERS } from '../../src/transports/rawsocket-framing.js';
import { clientMessage, message, mutate, mutation, rawSocketLie } from './generators.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TARGET = Number(process.env['HOSTILE_INPUTS'] ?? 100_000);
const CLIENT_TARGET = Number(process.env['HOSTILE_CLIENT_INPUTS'] ?? 20_000);
const HEAP_CEILING_MB = 192;
const RSS_BOUND = 400 * 1024 * 1024;
const WORKERS = 24;
const SERS = ['json', 'msgpack', 'cbor'] as const;
type Ser = (typeof SERS)[number];

const figures: Record<string, unknown> = {};
let child: ChildProcessWithoutNullStreams;
let endpoints: { ws: string; rs: string };
let readStats: () => Promise<{ rss: number; heap: number }>;
let bystanderCallee: Session;
let bystanderCaller: Session;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CEILING_MB}`, 'test/hostile/router-child.mjs'], { cwd: root });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  lines.on('line', (l) => {
    queue.push(l);
    wake?.();
  });
  const nextLine = async (): Promise<string> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    return queue.shift()!;
  };
  endpoints = JSON.parse(await nextLine()) as { ws: string; rs: string };
  readStats = async () => {
    child.stdin.write('\n');
    return JSON.parse(await nextLine()) as { rss: number; heap: number };
  };
  bystanderCallee = await connect({ url: endpoints.ws, realm: 'realm1', serializers: ['msgpack'] });
  await bystanderCallee.register('com.bystander.echo', (args) => args[0]);
  bystanderCaller = await connect({ url: endpoints.ws, realm: 'realm1', serializers: ['cbor'] });
}, 120_000);

afterAll(async () => {
  await bystanderCaller?.close();
  await bystanderCallee?.close();
  child?.kill('SIGTERM');
  mkdirSync(`${root}test-results`, { recursive: true });
  writeFileSync(`${root}test-results/hostile.json`, JSON.stringify(figures, null, 2));
  console.log('hostile figures:', JSON.stringify(figures));
});

// ---- a tiny raw client (RawSocket or WebSocket) ---------------------------------------------------

interface Raw {
  send(frame: Uint8Array | string): void;
  /** Writes bytes as they are (RawSocket only: framing that lies). */
  writeRaw(bytes: Uint8Array): void;
  /** Resolves with the next message, or undefined when the connection closed or `ms` passed. */
  next(ms: number): Promise<unknown[] | undefined>;
  readonly closed: boolean;
  destroy(): void;
}

/** Messages received on one connection, awaited one at a time (bounded wait). */
class Inbox {
  readonly #queue: unknown[][] = [];
  #waiter: ((m: unknown[] | undefined) => void) | undefined;
  closed = false;

  push(m: unknown[]): void {
    if (this.#waiter) this.#waiter(m);
    else this.#queue.push(m);
  }

  close(): void {
    this.closed = true;
    this.#waiter?.(undefined);
  }

  /** The next message, or undefined when the connection closed or `ms` passed. */
  next(ms: number): Promise<unknown[] | undefined> {
    if (this.#queue.length > 0) return Promise.resolve(this.#queue.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#waiter = undefined;
        resolve(undefined);
      }, ms);
      this.#waiter = (m) => {
        clearTimeout(t);
        this.#waiter = undefined;
        resolve(m);
      };
    });
  }
}

function rawSocket(ser: Ser, handshake?: Uint8Array): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const s: Socket = netConnect({ host: '127.0.0.1', port: Number(new URL(endpoints.rs.replace('tcp:', 'http:')).port) });
    const serializer = makeSerializer(ser);
    const inbox = new Inbox();
    let reader: FrameReader | undefined;
    let got = new Uint8Array(0);
    s.on('error', () => undefined);
    s.on('close', () => {
      inbox.close();
      reject(new Error('closed during handshake'));
    });
    const raw: Raw = {
      writeRaw: (b) => void s.write(b),
      send: (frame) => {
        const body = typeof frame === 'string' ? new TextEncoder().encode(frame) : frame;
        s.write(Buffer.concat([encodeFrameHeader(0, body.length), body]));
      },
      next: (ms) => inbox.next(ms),
      get closed() {
        return inbox.closed;
      },
      destroy: () => s.destroy(),
    };
    s.on('data', (chunk: Buffer) => {
      if (!reader) {
        got = Buffer.concat([got, chunk]);
        if (got.length < 4) return;
        reader = new FrameReader(2 ** 24);
        resolve(raw);
        chunk = Buffer.from(got.subarray(4));
      }
      let frames;
      try {
        frames = reader.push(new Uint8Array(chunk));
      } catch {
        s.destroy();
        return;
      }
      for (const f of frames) {
        if (f.type !== 0) continue;
        let m: unknown[];
        try {
          m = serializer.decode(ser === 'json' ? new TextDecoder().decode(f.payload) : f.payload) as unknown[];
        } catch {
          continue;
        }
        inbox.push(m);
      }
    });
    s.write(handshake ?? encodeHandshake(RAWSOCKET_SERIALIZERS[makeSerializer(ser).id]!, 2 ** 24));
  });
}

function webSocket(ser: Ser): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const serializer = makeSerializer(ser);
    const ws = new WebSocket(endpoints.ws, [serializer.id]);
    const inbox = new Inbox();
    ws.on('error', () => undefined);
    ws.on('close', () => {
      inbox.close();
      reject(new Error('closed'));
    });
    ws.on('message', (data: Buffer, isBinary) => {
      let m: unknown[];
      try {
        m = serializer.decode(isBinary ? new Uint8Array(data) : data.toString()) as unknown[];
      } catch {
        return;
      }
      inbox.push(m);
    });
    ws.on('open', () =>
      resolve({
        writeRaw: () => undefined,
        send: (frame) => {
          if (ws.readyState === ws.OPEN) ws.send(ser === 'json' && typeof frame !== 'string' ? Buffer.from(frame) : frame, { binary: ser !== 'json' });
        },
        next: (ms) => inbox.next(ms),
        get closed() {
          return inbox.closed;
        },
        destroy: () => ws.terminate(),
      }),
    );
  });
}

const encoders: Record<Ser, Serializer> = { json: makeSerializer('json'), msgpack: makeSerializer('msgpack'), cbor: makeSerializer('cbor') };

/** Encodes a generated message array; undefined when our own encoder refuses it (nothing to send). */
function encode(ser: Ser, m: unknown[]): Uint8Array | string | undefined {
  try {
    const f = encoders[ser].encode(m);
    return f;
  } catch {
    return undefined;
  }
}
const bytesOf = (f: Uint8Array | string): Uint8Array => (typeof f === 'string' ? new TextEncoder().encode(f) : f);
const hello = (ser: Ser, details: object = { roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } }) =>
  encode(ser, encodeMessage({ type: MessageType.HELLO, realm: 'realm1', details } as WampMessage))!;

// ---- the router under attack ---------------------------------------------------------------------

describe('hostile input against the router (child process with a heap ceiling)', () => {
  it(`${TARGET} generated inputs: the router never dies, its memory stays bounded, the bystander keeps working`, async () => {
    let sent = 0;
    let aborted = 0;
    let answered = 0;
    let bystanderChecks = 0;
    const byState: Record<string, number> = {};
    const count = (state: string): void => {
      sent++;
      byState[state] = (byState[state] ?? 0) + 1;
    };
    const started = Date.now();
    const messages = fc.sample(fc.oneof({ weight: 3, arbitrary: clientMessage }, { weight: 1, arbitrary: message }), { numRuns: 4000, seed: 42 });
    const mutations = fc.sample(mutation, { numRuns: 4000, seed: 7 });
    const lies = fc.sample(rawSocketLie, { numRuns: 500, seed: 9 });

    const worker = async (w: number): Promise<void> => {
      const ser: Ser = SERS[w % 3]!;
      const useWs = w % 4 === 0;
      let conn: Raw | undefined;
      let i = w * 997;
      while (sent < TARGET) {
        i++;
        const kind = i % 20;
        if (kind === 0) {
          // Before HELLO: a hostile first frame on a fresh connection.
          const c = await (useWs ? webSocket(ser) : rawSocket(ser)).catch(() => undefined);
          if (!c) continue;
          const m = messages[i % messages.length]!;
          const f = encode(ser, m);
          c.send(f === undefined || i % 2 ? mutate(bytesOf(f ?? hello(ser)), mutations[i % mutations.length]!, ser) : f);
          count('before HELLO');
          if ((await c.next(1000)) === undefined) aborted++;
          c.destroy();
          continue;
        }
        if (kind === 1) {
          // Challenged: HELLO asking for ticket auth, then anything but a proper AUTHENTICATE.
          const c = await (useWs ? webSocket(ser) : rawSocket(ser)).catch(() => undefined);
          if (!c) continue;
          c.send(hello(ser, { roles: { caller: {} }, authmethods: ['ticket'], authid: 'joe' }));
          const ch = await c.next(2000);
          if (ch?.[0] === MessageType.CHALLENGE) {
            const m = i % 3 === 0 ? [MessageType.AUTHENTICATE, messages[i % messages.length]![1], {}] : messages[i % messages.length]!;
            const f = encode(ser, m);
            c.send(f === undefined || i % 2 ? mutate(bytesOf(f ?? hello(ser)), mutations[i % mutations.length]!, ser) : f);
            count('challenged');
            await c.next(1000);
          }
          c.destroy();
          continue;
        }
        if (kind === 2 && !useWs) {
          // RawSocket framing that lies: a bad handshake, or a frame header claiming more than is sent.
          const lie = lies[i % lies.length]!;
          if (lie instanceof Uint8Array) {
            const c = await rawSocket(ser, lie).catch(() => undefined);
            count('rawsocket handshake');
            c?.destroy();
          } else {
            const c = await rawSocket(ser).catch(() => undefined);
            if (!c) continue;
            // A frame header claiming `len` octets of type `type`, a few of them sent, then we wait for the router to hang up (or leave).
            c.writeRaw(Uint8Array.of(lie.type, (lie.len >>> 16) & 0xff, (lie.len >>> 8) & 0xff, lie.len & 0xff, 1, 2, 3));
            count('rawsocket framing');
            await c.next(50);
            c.destroy();
          }
          continue;
        }
        // Established: a hostile message, then a probe CALL; an ABORT ends the connection.
        if (!conn || conn.closed) {
          conn = await (useWs ? webSocket(ser) : rawSocket(ser)).catch(() => undefined);
          if (!conn) continue;
          conn.send(hello(ser));
          const welcome = await conn.next(2000);
          if (welcome?.[0] !== MessageType.WELCOME) {
            conn.destroy();
            conn = undefined;
            continue;
          }
        }
        const m = messages[i % messages.length]!;
        const f = encode(ser, m);
        conn.send(f === undefined || i % 5 === 0 ? mutate(bytesOf(f ?? hello(ser)), mutations[i % mutations.length]!, ser) : f);
        count('established');
        const probeId = 1_000_000 + i;
        conn.send(encode(ser, [MessageType.CALL, probeId, {}, 'wampkit.router.info'])!);
        for (;;) {
          const reply = await conn.next(2000);
          if (reply === undefined) {
            aborted++;
            conn.destroy();
            conn = undefined;
            break;
          }
          if ((reply[0] === MessageType.RESULT || reply[0] === MessageType.ERROR) && reply.includes(probeId)) {
            answered++;
            break;
          }
          if (reply[0] === MessageType.ABORT || reply[0] === MessageType.GOODBYE) {
            aborted++;
            conn.destroy();
            conn = undefined;
            break;
          }
        }
        if (w === 0 && sent - bystanderChecks * 2000 >= 2000) {
          bystanderChecks++;
          const echo = await Promise.race([bystanderCaller.call('com.bystander.echo', [bystanderChecks]), new Promise((_, r) => setTimeout(() => r(new Error('bystander: no answer in 5 s')), 5000))]);
          expect((echo as { args: unknown[] }).args).toEqual([bystanderChecks]);
          expect(child.exitCode).toBeNull();
        }
      }
      conn?.destroy();
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const echo = await bystanderCaller.call('com.bystander.echo', ['last']);
    expect(echo.args).toEqual(['last']);
    expect(child.exitCode).toBeNull();
    const stats = await readStats();
    figures['router'] = {
      inputs: sent, byState, aborted, answered, bystanderChecks, seconds: Math.round((Date.now() - started) / 1000),
      peakRssMB: Math.round(stats.rss / 1024 / 1024), peakHeapMB: Math.round(stats.heap / 1024 / 1024), heapCeilingMB: HEAP_CEILING_MB,
    };
    expect(sent).toBeGreaterThanOrEqual(TARGET);
    expect(stats.rss).toBeLessThan(RSS_BOUND);
  }, 600_000);
});

// ---- a client facing a hostile router -------------------------------------------------------------

describe('hostile input against a wampkit client (a hostile router)', () => {
  let server: WebSocketServer;
  let url: string;
  const escaped: unknown[] = [];
  const onEscape = (e: unknown): void => void escaped.push(e);
  beforeAll(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => [...p][0] ?? false });
    await new Promise<void>((r) => server.once('listening', () => r()));
    url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/ws`;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it(`${CLIENT_TARGET} generated inputs from a router: every connect settles, nothing escapes, memory stays bounded`, async () => {
    const messages = fc.sample(fc.oneof(message, clientMessage), { numRuns: 2000, seed: 11 });
    const mutations = fc.sample(mutation, { numRuns: 2000, seed: 13 });
    let sent = 0;
    let n = 0;
    server.on('connection', (ws) => {
      const ser = (ws.protocol.split('.').at(-1) ?? 'json') as Ser;
      ws.on('error', () => undefined);
      ws.once('message', () => {
        const k = n++;
        // Sometimes WELCOME first, so the hostile frames reach an established session.
        if (k % 2 === 0) ws.send(encode(ser, [MessageType.WELCOME, 1 + k, { roles: { dealer: {}, broker: {} } }])!);
        for (let j = 0; j < 4; j++) {
          const m = messages[(k * 4 + j) % messages.length]!;
          const f = encode(ser, m);
          ws.send(f === undefined || (k + j) % 3 === 0 ? mutate(bytesOf(f ?? '[]'), mutations[(k + j) % mutations.length]!, ser) : f);
          sent++;
        }
      });
    });
    const heapBefore = process.memoryUsage().heapUsed;
    let settled = 0;
    const worker = async (w: number): Promise<void> => {
      while (sent < CLIENT_TARGET) {
        const ser = SERS[(w + settled) % 3]!;
        const s = await connect({ url, realm: 'realm1', serializers: [ser], connectTimeoutMs: 1000, closeTimeoutMs: 50 }).catch(() => undefined);
        if (s) {
          await new Promise((r) => setTimeout(r, 1));
          await s.close();
        }
        settled++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    figures['client'] = { inputs: sent, connects: settled, heapGrowthMB: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024) };
    expect(sent).toBeGreaterThanOrEqual(CLIENT_TARGET);
    expect(escaped).toEqual([]);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 600_000);
});
