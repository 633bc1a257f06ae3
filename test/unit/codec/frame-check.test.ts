/**
 * The MessagePack frame check on its own: every well-formed frame passes, every cut or padded one
 * is refused with a FrameCheckError, and on random and mutated bytes it never passes a frame whose
 * lengths the decoder then finds untrue (what it exists for: nothing reaches the decoder that
 * could make it allocate more than the frame is worth).
 */
import { DecodeError, Decoder, Encoder, ExtData } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { checkMsgpack, FrameCheckError, isValidUtf8, MAX_NESTING } from '../../../src/serializers/frame-check.js';
import { prng } from '../../helpers/prng.js';

const encoder = new Encoder();
const decoder = new Decoder();
const enc = (v: unknown): Uint8Array => encoder.encode(v);

/** Values that between them use every MessagePack format family. */
const VALUES: unknown[] = [
  [36, 777, 7120963190276718, {}, [1, 'some text', { nested: [1, 2, 3] }]],
  [0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53],
  [-1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53)],
  [0.5, -1.25, 1e300, null, true, false],
  ['', 'a'.repeat(31), 'b'.repeat(32), 'c'.repeat(255), 'd'.repeat(256), 'e'.repeat(65536), 'héllo wörld ✓ 🎉'],
  [new Uint8Array(0), new Uint8Array(255), new Uint8Array(256), new Uint8Array(65536)],
  Array.from({ length: 16 }, (_, i) => i),
  Array.from({ length: 65536 }, () => 0),
  Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i])),
  Object.fromEntries(Array.from({ length: 65536 }, (_, i) => [`k${i}`, 0])),
  [new ExtData(1, new Uint8Array(1)), new ExtData(2, new Uint8Array(2)), new ExtData(3, new Uint8Array(4)), new ExtData(4, new Uint8Array(8)), new ExtData(5, new Uint8Array(16))],
  [new ExtData(6, new Uint8Array(3)), new ExtData(7, new Uint8Array(300)), new ExtData(8, new Uint8Array(70000))],
];

/** A frame of `depth` lists, each inside the one before: [[[...[nil]...]]] */
const nested = (depth: number): Uint8Array => Uint8Array.from([...new Array<number>(depth).fill(0x91), 0xc0]);

/** Whether the check passes the frame. */
function passes(b: Uint8Array): boolean {
  try {
    checkMsgpack(b);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(FrameCheckError);
    return false;
  }
}

describe('checkMsgpack', () => {
  it('passes every well-formed frame, of every format family', () => {
    for (const v of VALUES) expect(passes(enc(v))).toBe(true);
  });

  it('refuses every frame cut short, and every frame with bytes after it', () => {
    for (const v of VALUES.slice(0, 7)) {
      const b = enc(v);
      // Every cut of a small frame; of a large one, its first and last 300.
      for (let n = 0; n < b.length; n = n === 300 && b.length > 600 ? b.length - 300 : n + 1) {
        expect(passes(b.subarray(0, n)), `cut at ${n} of ${b.length}`).toBe(false);
      }
      expect(() => checkMsgpack(Uint8Array.from([...b, 0xc0]))).toThrow(/trailing bytes after the message/);
    }
  });

  it('names what is wrong: a lying length, the reserved byte, bad UTF-8, nesting past the bound', () => {
    expect(() => checkMsgpack(Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xf0, 0, 0]))).toThrow(/a container of 4294967280 items in 2 bytes/);
    expect(() => checkMsgpack(Uint8Array.from([0xdf, 0x00, 0x00, 0x00, 0x02, 0, 0, 0]))).toThrow(/a container of 4 items in 3 bytes/);
    expect(() => checkMsgpack(Uint8Array.from([0x92, 0x01, 0xc1]))).toThrow(/reserved byte 0xc1 at byte 2/);
    expect(() => checkMsgpack(Uint8Array.from([0x91, 0xa2, 0xc3, 0x28]))).toThrow(/invalid UTF-8 in a string at byte 2/);
    expect(() => checkMsgpack(Uint8Array.from([0xa3, 0xed, 0xa0, 0x80]))).toThrow(/invalid UTF-8/); // a surrogate
    expect(() => checkMsgpack(Uint8Array.from([0xda, 0x00, 0x05, 0x61]))).toThrow(/truncated frame at byte 3/);
    expect(() => checkMsgpack(Uint8Array.from([0xc5, 0x01]))).toThrow(/truncated frame at byte 1/);
    expect(passes(nested(MAX_NESTING))).toBe(true);
    expect(() => checkMsgpack(nested(MAX_NESTING + 1))).toThrow(new RegExp(`nesting deeper than ${MAX_NESTING}`));
    expect(() => checkMsgpack(nested(5), 4)).toThrow(/nesting deeper than 4/);
    expect(passes(nested(4))).toBe(true);
  });

  it('on random and mutated bytes: never passes a frame the decoder then refuses', () => {
    const next = prng(15);
    const seeds = VALUES.slice(0, 7).map(enc);
    let passed = 0;
    for (let i = 0; i < 20_000; i++) {
      let b: Uint8Array;
      if (i % 2 === 0) {
        b = Uint8Array.from({ length: 1 + Math.floor(next() * 24) }, () => Math.floor(next() * 256));
      } else {
        b = seeds[i % seeds.length]!.slice();
        for (let k = 0; k < 1 + Math.floor(next() * 3); k++) b[Math.floor(next() * b.length)] = Math.floor(next() * 256);
      }
      if (!passes(b)) continue;
      passed++;
      // Structure only: the decoder may still refuse what it reads (a map key that is a list),
      // with its own DecodeError, but never for a length the bytes do not hold (a RangeError).
      try {
        decoder.decode(b);
      } catch (error) {
        expect(error, `passed ${Buffer.from(b).toString('hex')}`).toBeInstanceOf(DecodeError);
      }
    }
    expect(passed).toBeGreaterThan(500); // the comparison was made, not vacuous
  });

  it('reads UTF-8 strictly, ASCII or not: overlongs, surrogates, past U+10FFFF and cut sequences are refused', () => {
    const ok = (...bytes: number[]): boolean => isValidUtf8(Uint8Array.from(bytes), 0, bytes.length);
    const text = (s: string): number[] => [...new TextEncoder().encode(s)];
    expect(ok()).toBe(true);
    expect(ok(...text('plain ASCII, as most keys are'))).toBe(true);
    expect(ok(...text('héllo wörld ✓ 🎉'))).toBe(true);
    expect(ok(...text('ascii first, then'), 0xc3, 0x28)).toBe(false); // a lead byte without its continuation
    expect(ok(0xc0, 0x80)).toBe(false); // overlong NUL
    expect(ok(0xe0, 0x80, 0x80)).toBe(false); // overlong
    expect(ok(0xed, 0xa0, 0x80)).toBe(false); // a surrogate
    expect(ok(0xf4, 0x90, 0x80, 0x80)).toBe(false); // past U+10FFFF
    expect(ok(...text('ok'), 0xf0, 0x9f, 0x8e)).toBe(false); // cut short
    expect(ok(0x80)).toBe(false); // a continuation byte on its own
    // Only the range given is read.
    expect(isValidUtf8(Uint8Array.from([0x61, 0xff, 0x62]), 2, 3)).toBe(true);
    expect(isValidUtf8(Uint8Array.from([0x61, 0xff, 0x62]), 0, 2)).toBe(false);
  });
});
