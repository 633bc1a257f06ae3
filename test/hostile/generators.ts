/**
 * Grammar-aware generators of hostile WAMP input (fast-check): messages of every type with
 * fields that lie (ids out of range, bad URIs, dicts with prototype keys, deep nesting, huge
 * strings), and frames whose bytes lie (MessagePack and CBOR length headers that claim billions,
 * invalid UTF-8, truncation, flipped bytes), plus RawSocket handshakes and framing that lie.
 */
import fc from 'fast-check';
import { MessageType } from '../../src/protocol/message-type.js';

const uri = fc.oneof(
  fc.constantFrom('com.fuzz.ok', 'wampkit.router.info', 'wamp.session.list', 'wamp.session.kill', 'wamp', 'wamp.', '', '.', 'a..b', 'com.fuzz.#', 'com fuzz', '\u0000', 'x'.repeat(9000)),
  fc.string({ maxLength: 40 }),
  fc.array(fc.stringMatching(/^[a-z_0-9]{0,6}$/), { minLength: 1, maxLength: 8 }).map((a) => a.join('.')),
);

const id = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 + 4 }),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.NaN),
);

const dictKey = fc.oneof(
  fc.constantFrom(
    '__proto__', 'constructor', 'prototype', 'toString', 'match', 'acknowledge', 'timeout', 'receive_progress', 'progress',
    'mode', 'forward_for', 'ppt_scheme', 'enc_algo', 'exclude', 'eligible', 'exclude_me', 'disclose_me', 'get_retained',
    'invoke', 'roles', 'authmethods', 'authid', 'retain', 'message', 'reason',
  ),
  fc.string({ maxLength: 10 }),
);

/** Any value a peer could put anywhere: scalars, bytes, lists and dicts a few levels deep. */
export const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.integer({ min: -(2 ** 53) - 10, max: 2 ** 53 + 10 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 16 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.uint8Array({ maxLength: 24 }),
    uri,
    id,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(dictKey, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** A value nested `n` deep (lists or dicts). */
export function nested(n: number, dict: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = dict ? { k: v } : [v];
  return v;
}

const special = fc.oneof(
  fc.integer({ min: 65, max: 400 }).chain((n) => fc.boolean().map((d) => nested(n, d))),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom({ roles: {} }, { roles: { caller: {} } }, { roles: 'caller' }, { timeout: 2 ** 31 }, { timeout: -1 }, { match: 'regex' }),
);

const field = fc.oneof({ weight: 5, arbitrary: value }, { weight: 2, arbitrary: id }, { weight: 2, arbitrary: uri }, { weight: 1, arbitrary: special });

const code = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.values(MessageType)) },
  { weight: 1, arbitrary: fc.constantFrom(0, 7, 99, 255, -1, 1.5, '48', null) },
);

/** A WAMP message array of any type, its fields as likely to lie as not. */
export const message: fc.Arbitrary<unknown[]> = fc
  .tuple(code, fc.array(field, { maxLength: 7 }))
  .map(([c, rest]) => [c, ...rest]);

/** A message of a type a client sends once established, with plausible shapes (to reach deeper code). */
export const clientMessage: fc.Arbitrary<unknown[]> = fc.oneof(
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 }), uri, fc.array(value, { maxLength: 3 }), fc.dictionary(dictKey, value, { maxKeys: 3 })).map(
    ([r, o, u, a, k]) => [MessageType.CALL, r, o, u, a, k],
  ),
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 }), uri, fc.array(value, { maxLength: 3 })).map(([r, o, u, a]) => [MessageType.PUBLISH, r, o, u, a]),
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 }), uri).map(([r, o, u]) => [MessageType.SUBSCRIBE, r, o, u]),
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 }), uri).map(([r, o, u]) => [MessageType.REGISTER, r, o, u]),
  fc.tuple(fc.constantFrom(MessageType.UNSUBSCRIBE, MessageType.UNREGISTER), id, id).map(([t, r, s]) => [t, r, s]),
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 }), fc.array(value, { maxLength: 3 })).map(([r, o, a]) => [MessageType.YIELD, r, o, a]),
  fc.tuple(id, fc.dictionary(dictKey, value, { maxKeys: 3 })).map(([r, o]) => [MessageType.CANCEL, r, o]),
  fc.tuple(id, id, uri).map(([t, r, u]) => [MessageType.ERROR, t, r, {}, u]),
  message,
);

/** Byte patterns that make a decoder allocate, or read text that is not UTF-8. */
const LIES: Readonly<Record<'msgpack' | 'cbor' | 'json', readonly Uint8Array[]>> = {
  msgpack: [
    Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0xdf, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0xdb, 0xff, 0xff, 0xff, 0xf0),
    Uint8Array.of(0xc6, 0x7f, 0xff, 0xff, 0xff), Uint8Array.of(0xa2, 0xc3, 0x28), Uint8Array.of(0xc9, 0xff, 0xff, 0xff, 0xff, 0x01),
    Uint8Array.of(0xc1), Uint8Array.of(...new Array<number>(100).fill(0x91)),
  ],
  cbor: [
    Uint8Array.of(0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
    Uint8Array.of(0x7a, 0xff, 0xff, 0xff, 0xf0), Uint8Array.of(0x62, 0xc3, 0x28), Uint8Array.of(0x9f, 0x9f, 0x9f, 0x9f),
    Uint8Array.of(0xff), Uint8Array.of(0x1f), Uint8Array.of(...new Array<number>(100).fill(0x81)),
  ],
  json: [Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc3, 0x28), new TextEncoder().encode('['.repeat(5000)), new TextEncoder().encode('"\\ud800"')],
};

/** How a frame's bytes are bent. */
export const mutation = fc.record({
  kind: fc.constantFrom('flip', 'truncate', 'lie', 'lie', 'duplicate', 'random'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  n: fc.integer({ min: 1, max: 16 }),
  pick: fc.nat(),
  noise: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});

/** Applies a mutation to an encoded frame. */
export function mutate(bytes: Uint8Array, m: { kind: string; at: number; n: number; pick: number; noise: Uint8Array }, ser: 'msgpack' | 'cbor' | 'json'): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  switch (m.kind) {
    case 'flip': {
      const out = Uint8Array.from(bytes);
      for (let i = 0; i < m.n && out.length > 0; i++) {
        const j = (at + i * 7) % out.length;
        out[j] = out[j]! ^ (1 << ((m.pick + i) % 8));
      }
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'lie': {
      const lies = LIES[ser];
      const lie = lies[m.pick % lies.length]!;
      const out = new Uint8Array(bytes.length + lie.length);
      out.set(bytes.subarray(0, at));
      out.set(lie, at);
      out.set(bytes.subarray(at), at + lie.length);
      return out;
    }
    case 'duplicate': {
      const part = bytes.subarray(at, Math.min(bytes.length, at + m.n * 4));
      const out = new Uint8Array(bytes.length + part.length);
      out.set(bytes.subarray(0, at));
      out.set(part, at);
      out.set(bytes.subarray(at), at + part.length);
      return out;
    }
    default:
      return m.noise;
  }
}

/** RawSocket handshakes and frame headers that lie (bad magic, reserved bits, lengths past the agreed maximum). */
export const rawSocketLie = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => Uint8Array.of(0x7f, a, b, 0)),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 2 ** 24 - 1 })).map(([type, len]) => ({ type, len })),
);
