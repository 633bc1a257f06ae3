/**
 * The codec: every message type round-trips through every serializer; malformed input is a
 * ProtocolError naming the message type and field; fuzzed input never throws anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageType, decodeMessage, encodeMessage, makeSerializer, messageTypeName, type WampMessage } from '../../../src/protocol/index.js';
import { decodeFromRouter, encodeToRouter } from '../../../src/protocol/codec.js';
import { ProtocolError } from '../../../src/index.js';

const payload = {
  args: [null, true, 0, -1, 2 ** 53, 1.25, 'häßlich ☃ 𝄞 😀', [], {}, [1, [2]], { a: { b: [null] } }],
  kwargs: { s: 'x', n: 2 ** 40, nested: { list: [{ deep: true }] }, bytes: new Uint8Array([0, 255, 7]) },
};

/** One sample of every message type. */
const SAMPLES: WampMessage[] = [
  { type: MessageType.HELLO, realm: 'realm1', details: { roles: { caller: {}, subscriber: { features: { x: true } } }, authmethods: ['ticket'], authid: 'joe' } },
  { type: MessageType.WELCOME, session: 2 ** 53, details: { roles: { dealer: {} }, authid: 'joe', authrole: 'user' } },
  { type: MessageType.ABORT, details: { message: 'no' }, reason: 'wamp.error.no_such_realm' },
  { type: MessageType.CHALLENGE, authMethod: 'wampcra', extra: { challenge: '{"nonce":1}', salt: 's', iterations: 10, keylen: 32 } },
  { type: MessageType.AUTHENTICATE, signature: 'c2lnbg==', extra: {} },
  { type: MessageType.GOODBYE, details: {}, reason: 'wamp.close.normal' },
  { type: MessageType.ERROR, requestType: MessageType.CALL, requestId: 7, details: {}, error: 'com.example.error', ...payload },
  { type: MessageType.PUBLISH, requestId: 1, options: { acknowledge: true, exclude: [1, 2], eligible_authrole: ['a'] }, topic: 'com.t', ...payload },
  { type: MessageType.PUBLISHED, requestId: 1, publication: 99 },
  { type: MessageType.SUBSCRIBE, requestId: 2, options: { match: 'wildcard' }, topic: 'com..t' },
  { type: MessageType.SUBSCRIBED, requestId: 2, subscription: 5 },
  { type: MessageType.UNSUBSCRIBE, requestId: 3, subscription: 5 },
  { type: MessageType.UNSUBSCRIBED, requestId: 3 },
  { type: MessageType.UNSUBSCRIBED, requestId: 0, details: { subscription: 5, reason: 'wamp.close.revoked' } },
  { type: MessageType.EVENT, subscription: 5, publication: 99, details: { publisher: 3, topic: 'com.x' }, ...payload },
  { type: MessageType.EVENT_RECEIVED, publication: 99 },
  { type: MessageType.CALL, requestId: 4, options: { receive_progress: true, timeout: 1000, disclose_me: true }, procedure: 'com.p', ...payload },
  { type: MessageType.CANCEL, requestId: 4, options: { mode: 'kill' } },
  { type: MessageType.RESULT, requestId: 4, details: { progress: true }, ...payload },
  { type: MessageType.REGISTER, requestId: 5, options: { match: 'prefix', invoke: 'roundrobin' }, procedure: 'com.p' },
  { type: MessageType.REGISTERED, requestId: 5, registration: 77 },
  { type: MessageType.UNREGISTER, requestId: 6, registration: 77 },
  { type: MessageType.UNREGISTERED, requestId: 6 },
  { type: MessageType.INVOCATION, requestId: 8, registration: 77, details: { caller: 3, procedure: 'com.p.x' }, ...payload },
  { type: MessageType.INTERRUPT, requestId: 8, options: { mode: 'killnowait', reason: 'wamp.error.timeout' } },
  { type: MessageType.YIELD, requestId: 8, options: { progress: true }, ...payload },
];

describe('codec round trip', () => {
  it('covers every message type', () => {
    expect(new Set(SAMPLES.map((m) => m.type))).toEqual(new Set(Object.values(MessageType)));
  });
  for (const ser of ['json', 'msgpack', 'cbor'] as const) {
    it.each(SAMPLES.map((m) => [`${m.type}`, m] as const))(`type %s through ${ser}`, (_name, msg) => {
      const s = makeSerializer(ser);
      const back = decodeMessage(s.decode(s.encode(encodeMessage(msg))));
      expect(back).toEqual(msg);
    });
  }

  it('accepts ids up to 2^53 inside Options and Details too', () => {
    expect(decodeMessage([36, 1, 2, { publisher: 2 ** 53 }, []])).toMatchObject({ details: { publisher: 2 ** 53 } });
    expect(() => decodeMessage([36, 1, 2, { publisher: 2 ** 53 + 2 }, []])).toThrow(ProtocolError);
    expect(() => decodeMessage([36, 1, 2, { publisher: 1.5 }, []])).toThrow(ProtocolError);
  });

  it('leaves out empty trailing args and kwargs, keeps args when only kwargs are set', () => {
    expect(encodeMessage({ type: MessageType.CALL, requestId: 1, options: {}, procedure: 'p', args: [], kwargs: {} })).toHaveLength(4);
    expect(encodeMessage({ type: MessageType.CALL, requestId: 1, options: {}, procedure: 'p', args: [1] })).toHaveLength(5);
    expect(encodeMessage({ type: MessageType.CALL, requestId: 1, options: {}, procedure: 'p', kwargs: { a: 1 } })).toEqual([48, 1, {}, 'p', [], { a: 1 }]);
  });

  it('carries a Payload Passthru Mode payload as the one binary item of Arguments, as the spec says', () => {
    const m: WampMessage = { type: MessageType.EVENT, subscription: 1, publication: 2, details: { ppt_scheme: 'x_custom' }, payload: new Uint8Array([1, 2, 3]) };
    expect(encodeMessage(m)).toEqual([36, 1, 2, { ppt_scheme: 'x_custom' }, [new Uint8Array([1, 2, 3])]]);
    for (const ser of ['json', 'msgpack', 'cbor'] as const) {
      const s = makeSerializer(ser);
      expect(decodeMessage(s.decode(s.encode(encodeMessage(m))))).toEqual(m);
    }
    // What wampy.js and Nexus send: [payload] inside Arguments.
    const call = decodeMessage([48, 7, { ppt_scheme: 'mqtt', ppt_serializer: 'native' }, 'com.p', [new Uint8Array([9])]]);
    expect(call).toMatchObject({ payload: new Uint8Array([9]) });
    expect('args' in call).toBe(false);
    expect(() => decodeMessage([48, 7, { ppt_scheme: 'mqtt' }, 'com.p', [new Uint8Array([9]), 2]])).toThrow(/one binary item/);
    expect(() => decodeMessage([48, 7, { ppt_scheme: 'mqtt' }, 'com.p', [1]])).toThrow(/Payload\|binary/);
  });

  it('carries an end-to-end encrypted payload (enc_algo) in place of Arguments, as the test vectors do', () => {
    const m: WampMessage = { type: MessageType.EVENT, subscription: 1, publication: 2, details: { enc_algo: 'cryptobox' }, payload: new Uint8Array([1, 2, 3]) };
    expect(encodeMessage(m)).toEqual([36, 1, 2, { enc_algo: 'cryptobox' }, new Uint8Array([1, 2, 3])]);
    for (const ser of ['json', 'msgpack', 'cbor'] as const) {
      const s = makeSerializer(ser);
      expect(decodeMessage(s.decode(s.encode(encodeMessage(m))))).toEqual(m);
    }
  });
});

describe('malformed input', () => {
  const bad: Array<[string, unknown, RegExp, string | undefined]> = [
    ['not a list', { a: 1 }, /must be a list/, undefined],
    ['an empty list', [], /must not be empty/, undefined],
    ['a non-integer type', ['48'], /message type must be an integer/, 'type'],
    ['an unknown type', [99, 1], /unknown message type 99/, 'type'],
    ['missing fields', [48, 1, {}], /CALL\.Procedure\|uri: missing/, 'Procedure|uri'],
    ['too many elements', [33, 1, 2, 3], /SUBSCRIBED\.length: too many/, 'length'],
    ['an id above 2^53', [33, 2 ** 53 + 2, 1], /SUBSCRIBED\.Request\|id/, 'Request|id'],
    ['a negative id', [33, -1, 1], /SUBSCRIBED\.Request\|id/, 'Request|id'],
    ['a fractional id', [33, 1.5, 1], /SUBSCRIBED\.Request\|id/, 'Request|id'],
    ['Options that are not a dict', [48, 1, [], 'p'], /CALL\.Options: expected a dict/, 'Options'],
    ['a bad option type', [48, 1, { receive_progress: 'yes' }, 'p'], /CALL\.Options\.receive_progress/, 'Options.receive_progress'],
    ['a bad cancel mode', [49, 1, { mode: 'now' }], /CANCEL\.Options\.mode/, 'Options.mode'],
    ['Arguments that are not a list', [50, 1, {}, { a: 1 }], /RESULT\.Arguments\|list/, 'Arguments|list'],
    ['ArgumentsKw that are not a dict', [50, 1, {}, [], [1]], /RESULT\.ArgumentsKw\|dict/, 'ArgumentsKw|dict'],
    ['an empty URI', [32, 1, {}, ''], /SUBSCRIBE\.Topic\|uri/, 'Topic|uri'],
    ['a HELLO without roles', [1, 'realm1', {}], /HELLO\.Details\.roles/, 'Details.roles'],
  ];
  it.each(bad)('%s is a ProtocolError naming the type and field', (_n, raw, message, field) => {
    let err: unknown;
    try {
      decodeMessage(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).message).toMatch(message);
    expect((err as ProtocolError).field).toBe(field);
  });
});

describe('property-based', () => {
  const json = fc.jsonValue();
  // MessagePack refuses "__proto__" map keys by design (see serializers.test.ts): leave them out here.
  const noProto = (v: unknown): boolean => !JSON.stringify(v).includes('"__proto__"');
  const list = fc.array(json, { maxLength: 6 }).filter(noProto);
  const dict = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 6 }).filter(noProto);

  it('JSON-compatible args and kwargs round-trip through every serializer', () => {
    const sers = (['json', 'msgpack', 'cbor'] as const).map((n) => makeSerializer(n));
    fc.assert(
      fc.property(list, dict, fc.integer({ min: 1, max: 2 ** 53 }), (args, kwargs, id) => {
        const msg: WampMessage = { type: MessageType.RESULT, requestId: id, details: {}, args, kwargs };
        for (const s of sers) {
          const back = decodeMessage(s.decode(s.encode(encodeMessage(msg))));
          // -0 becomes 0 in JSON and CBOR integers; compare through JSON semantics.
          expect(JSON.stringify(back)).toBe(JSON.stringify(decodeMessage(JSON.parse(JSON.stringify(encodeMessage(msg))))));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary lists never make decodeMessage throw anything but ProtocolError', () => {
    const code = fc.constantFrom(...Object.values(MessageType), 0, 7, 99, -1);
    fc.assert(
      fc.property(code, fc.array(fc.oneof(json, fc.constant(undefined)), { maxLength: 7 }), (c, rest) => {
        try {
          decodeMessage([c, ...rest]);
        } catch (e) {
          expect(e).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes never make a serializer + codec throw anything but ordinary errors', () => {
    const sers = (['json', 'msgpack', 'cbor'] as const).map((n) => makeSerializer(n));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const s of sers) {
          try {
            decodeMessage(s.decode(bytes));
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a "__proto__" key from the wire does not pollute Object.prototype', () => {
    const frame = '[50, 1, {"__proto__": {"polluted": true}}, [], {"__proto__": {"polluted": true}}]';
    const msg = decodeMessage(makeSerializer('json').decode(frame)) as { kwargs: Record<string, unknown> };
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(msg.kwargs)).toBe(Object.prototype);
  });
});

describe("a client's half of the codec", () => {
  const TO_ROUTER = new Set<number>([
    MessageType.HELLO, MessageType.ABORT, MessageType.AUTHENTICATE, MessageType.GOODBYE, MessageType.ERROR, MessageType.PUBLISH,
    MessageType.SUBSCRIBE, MessageType.UNSUBSCRIBE, MessageType.EVENT_RECEIVED, MessageType.CALL, MessageType.CANCEL,
    MessageType.REGISTER, MessageType.UNREGISTER, MessageType.YIELD,
  ]);
  const TO_CLIENT = new Set<number>([
    MessageType.WELCOME, MessageType.ABORT, MessageType.CHALLENGE, MessageType.GOODBYE, MessageType.ERROR, MessageType.PUBLISHED,
    MessageType.SUBSCRIBED, MessageType.UNSUBSCRIBED, MessageType.EVENT, MessageType.RESULT, MessageType.REGISTERED,
    MessageType.UNREGISTERED, MessageType.INVOCATION, MessageType.INTERRUPT,
  ]);

  it('every sample is one side or the other (or both), and encodes as encodeMessage does on its side', () => {
    for (const m of SAMPLES) {
      expect(TO_ROUTER.has(m.type) || TO_CLIENT.has(m.type)).toBe(true);
      if (TO_ROUTER.has(m.type)) expect(encodeToRouter(m)).toEqual(encodeMessage(m));
      else expect(() => encodeToRouter(m)).toThrow(/sent by routers, not clients/);
    }
  });

  it('decodes what a router sends as decodeMessage does, and refuses by name what only a client sends', () => {
    for (const m of SAMPLES) {
      const array = encodeMessage(m);
      if (TO_CLIENT.has(m.type)) expect(decodeFromRouter(array)).toEqual(decodeMessage(array));
      else expect(() => decodeFromRouter(array)).toThrow(new RegExp(`${messageTypeName(m.type)} is not valid from a router`));
    }
    expect(() => decodeFromRouter([99, 1])).toThrow(/unknown message type 99/);
    expect(() => decodeFromRouter([MessageType.RESULT, 'x', {}])).toThrow(ProtocolError);
  });
});
