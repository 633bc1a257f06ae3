/**
 * Regression tests for the hostile inputs of issue 9 that killed or bloated the router (and a
 * client facing a hostile router): each is answered by an ABORT of that one session or a typed
 * error, the process stays up, and a bystander session keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, ProtocolError, type Session } from '../../src/index.js';
import { Router } from '../../src/router/index.js';
import { checkCbor, checkMsgpack } from '../../src/serializers/frame-check.js';
import { CborSerializer, JsonSerializer, MsgpackSerializer } from '../../src/serializers/index.js';
import { inProcessPair } from '../../src/transports/in-process.js';
import type { Connector } from '../../src/transports/transport.js';

let router: Router;
let url: string;
let bystander: Session;
beforeAll(async () => {
  router = new Router({ realms: ['realm1'] });
  url = (await router.listenWebSocket({ host: '127.0.0.1', port: 0 })).url;
  bystander = await connect({ transport: router.connector(), realm: 'realm1' });
  await bystander.register('com.example.ping', () => 'pong');
});
afterAll(() => router.close());

/** Sends one raw frame on a fresh WebSocket and resolves with the first answer (or the close). */
function rawFrame(protocol: string, frame: string | Uint8Array): Promise<{ answer?: unknown; code?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, [protocol]);
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => ws.send(frame));
    ws.on('message', (data: Buffer, isBinary) => {
      const s = protocol === 'wamp.2.json' ? new JsonSerializer() : protocol === 'wamp.2.cbor' ? new CborSerializer() : new MsgpackSerializer();
      resolve({ answer: s.decode(isBinary ? new Uint8Array(data) : data.toString()) });
      ws.terminate();
    });
    ws.on('close', (code) => resolve({ code }));
    ws.on('error', () => resolve({}));
  });
}

const stillWorks = async (): Promise<void> => {
  expect((await bystander.call('com.example.ping')).args).toEqual(['pong']);
};

describe('issue 9 regressions: the router', () => {
  it('HELLO whose realm is an 8 MB URI (4M components): ABORT, no RangeError, router alive', async () => {
    const realm = 'a.'.repeat(4 * 1024 * 1024) + 'a';
    const r = await rawFrame('wamp.2.json', JSON.stringify([1, realm, { roles: { caller: {} } }]));
    expect(r.answer === undefined || (r.answer as unknown[])[0] === 3).toBe(true);
    await stillWorks();
  });

  it('100 bytes of MessagePack with array32/map32 length headers before HELLO: refused before any allocation', async () => {
    const lie = new Uint8Array(100);
    for (let i = 0; i < 100; i += 5) lie.set([0xdd, 0xff, 0xff, 0xff, 0xf0], i); // array32 of ~4G items, nested
    const before = process.memoryUsage().heapUsed;
    const r = await rawFrame('wamp.2.msgpack', lie);
    expect(r.answer).toMatchObject([3, expect.anything(), 'wamp.error.protocol_violation']);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    lie.fill(0).set([0xdf, 0xff, 0xff, 0xff, 0xff]); // map32
    expect(() => checkMsgpack(lie.subarray(0, 10))).toThrow(/container of/);
    await stillWorks();
  });

  it('CBOR with lying lengths and nesting past the bound: refused by the frame check', async () => {
    expect(() => checkCbor(Uint8Array.from([0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(/container of/);
    expect(() => checkCbor(new Uint8Array(200).fill(0x81))).toThrow(/nesting deeper than 64/);
    const r = await rawFrame('wamp.2.cbor', Uint8Array.from([0x9a, 0xff, 0xff, 0xff, 0xff]));
    expect(r.answer).toMatchObject([3, expect.anything(), 'wamp.error.protocol_violation']);
    await stillWorks();
  });

  it('a payload nested 10 000 deep over JSON: refused at decode (ABORT), never an undeliverable INVOCATION', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const r = await rawFrame('wamp.2.json', `[1,"realm1",{"roles":{"caller":{}}},${deep}]`);
    expect(r.answer === undefined || (r.answer as unknown[])[0] === 3).toBe(true);
    expect(() => new JsonSerializer().decode(deep)).toThrow(/nests deeper than 64/);
    await stillWorks();
  });

  it('invalid UTF-8 in MessagePack and CBOR strings and in binary JSON frames is refused, not replaced', () => {
    expect(() => new MsgpackSerializer().decode(Uint8Array.from([0x91, 0xa2, 0xc3, 0x28]))).toThrow(/UTF-8/);
    expect(() => new CborSerializer().decode(Uint8Array.from([0x81, 0x62, 0xc3, 0x28]))).toThrow(/UTF-8/);
    expect(() => new JsonSerializer().decode(Uint8Array.from([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toThrow();
    expect(new MsgpackSerializer().decode(Uint8Array.from([0x91, 0xa2, 0xc3, 0xa9]))).toEqual(['é']);
  });

  it('request id 0 is a protocol violation; CALL timeout ≥ 2^31 ms is refused, not overflowed', async () => {
    const zero = await rawFrame('wamp.2.json', JSON.stringify([1, 'realm1', { roles: { caller: {} } }]));
    expect((zero.answer as unknown[])[0]).toBe(2); // WELCOME; now a CALL with request id 0 on a session:
    const s = await connect({ transport: router.connector(), realm: 'realm1' });
    const err = await s.call('com.example.ping', [], {}, { timeout: 2 ** 31 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UsageError' }); // refused locally by the client already
    await stillWorks();
    await s.close();
  });
});

describe('issue 9 regressions: a client facing a hostile router', () => {
  it('a lying MessagePack frame from the router is a ProtocolError for that session, not an out-of-memory', async () => {
    // A hostile router: answers HELLO with 10 bytes claiming two nested arrays of ~4G items.
    const connector: Connector = async ({ events }) => {
      const [client, server] = inProcessPair('wamp.2.msgpack');
      client.attach(events);
      server.attach({
        message: () => server.send(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xf0, 0xdd, 0xff, 0xff, 0xff, 0xf0])),
        close: () => undefined,
      });
      return client;
    };
    const before = process.memoryUsage().heapUsed;
    const err = await connect({ transport: connector, realm: 'realm1', serializers: ['msgpack'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(String((err as Error).message)).toMatch(/container of/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('issue 9 regressions: RawSocket framing', () => {
  it('a 16 MiB frame in 64 KiB writes is assembled in linear time (each byte copied once), and frames split anywhere decode', async () => {
    const { FrameReader, encodeFrameHeader } = await import('../../src/transports/rawsocket-framing.js');
    const size = 16 * 1024 * 1024 - 1;
    const frame = new Uint8Array(4 + size);
    frame.set(encodeFrameHeader(0, size));
    frame[4 + size - 1] = 7;
    const reader = new FrameReader(2 ** 24);
    let copied = 0;
    const original = Uint8Array.prototype.set;
    Uint8Array.prototype.set = function (this: Uint8Array, src: ArrayLike<number>, offset?: number) {
      copied += src.length;
      return original.call(this, src, offset);
    };
    let out: ReturnType<typeof reader.push> = [];
    try {
      for (let off = 0; off < frame.length; off += 64 * 1024) out = out.concat(reader.push(frame.subarray(off, off + 64 * 1024)));
    } finally {
      Uint8Array.prototype.set = original;
    }
    expect(out).toHaveLength(1);
    expect(out[0]!.payload.length).toBe(size);
    expect(out[0]!.payload[size - 1]).toBe(7);
    expect(copied).toBeLessThanOrEqual(frame.length); // not 256 × 16 MiB
    // Two frames split at every byte boundary.
    const two = Uint8Array.of(...encodeFrameHeader(0, 2), 1, 2, ...encodeFrameHeader(0, 1), 3);
    for (let cut = 0; cut <= two.length; cut++) {
      const r = new FrameReader(1024);
      const frames = [...r.push(two.subarray(0, cut)), ...r.push(two.subarray(cut))];
      expect(frames.map((f) => [...f.payload])).toEqual([[1, 2], [3]]);
    }
  });
});
