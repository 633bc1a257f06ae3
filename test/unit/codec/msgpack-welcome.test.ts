/**
 * MessagePack WELCOMEs: a router greets every session alike but for the session id, so a WELCOME
 * whose bytes after the id equal the last one's has only its head decoded, and its details are
 * the same object as before (the session freezes and shares it). Whatever the id's width, the
 * id is the frame's own; a WELCOME that differs, or a frame that is not one, is decoded whole.
 */
import { Encoder } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeFromRouter } from '../../../src/protocol/codec.js';
import { MsgpackSerializer } from '../../../src/serializers/msgpack.js';

const details = { authid: 'joe', authrole: 'user', roles: { broker: { features: { publisher_identification: true } }, dealer: {} } };
const frame = (id: number | bigint, d: object = details): Uint8Array => new Encoder({ useBigInt64: true }).encode([2, id, d]);

describe('MessagePack WELCOME reuse', () => {
  it('decodes only the head of a WELCOME like the last one, for ids of every width', () => {
    const s = new MsgpackSerializer();
    const first = s.decode(frame(1)) as [number, number, object];
    expect(first).toEqual([2, 1, details]);
    // Ids as a positive fixint, uint8, uint16, uint32, uint64 and float64 (2^53 is written as a float).
    for (const id of [5, 200, 60_000, 4_000_000_000, 2 ** 53 - 1, 2 ** 53]) {
      const m = s.decode(frame(id)) as [number, number, object];
      expect(m[0]).toBe(2);
      expect(m[1]).toBe(id);
      expect(m[2]).toBe(first[2]);
    }
    expect(decodeFromRouter(s.decode(frame(77)))).toMatchObject({ type: 2, session: 77, details });
  });

  it('decodes a WELCOME that differs whole, and keeps that one next', () => {
    const s = new MsgpackSerializer();
    const a = (s.decode(frame(1)) as unknown[])[2];
    const other = { ...details, authid: 'ann' };
    const b = (s.decode(frame(2, other)) as unknown[])[2];
    expect(b).not.toBe(a);
    expect(b).toEqual(other);
    expect((s.decode(frame(3, other)) as unknown[])[2]).toBe(b);
  });

  it('does not keep a large WELCOME (over 16 KB): the next one like it is decoded whole', () => {
    const s = new MsgpackSerializer();
    const big = { ...details, authextra: { blob: 'x'.repeat(20_000) } };
    const a = (s.decode(frame(1, big)) as unknown[])[2];
    const b = (s.decode(frame(2, big)) as unknown[])[2];
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
  });

  it('takes the id from the frame, and still refuses one that is not an id', () => {
    const s = new MsgpackSerializer();
    s.decode(frame(1));
    // Negative ids (fixint, int8), one past 2^53 (uint64) and a fraction (float64): decoded, and
    // refused by the codec.
    for (const id of [-3, -100, 2n ** 60n, 1.5]) expect(() => decodeFromRouter(s.decode(frame(id)))).toThrow(/WELCOME\.Session\|id/);
    // A truncated frame is no MessagePack at all.
    const cut = frame(9).subarray(0, 4);
    expect(() => s.decode(cut)).toThrow();
  });
});
