/** One contract every Serializer implementation must meet (CONVENTIONS.md 11). */
import { describe, expect, it } from 'vitest';
import type { Serializer } from '../../../src/index.js';

export function serializerContract(name: string, make: () => Serializer): void {
  describe(`Serializer contract: ${name}`, () => {
    const s = make();
    const message = [48, 7814135, { receive_progress: true }, 'com.myapp.proc', ['a', 1, null, { b: [true] }], { k: 'v' }];

    it('names a wamp.2 subprotocol', () => {
      expect(s.id).toMatch(/^wamp\.2\.[a-z]+$/);
    });

    it('produces text frames when not binary, bytes when binary', () => {
      const frame = s.encode(message);
      expect(typeof frame === 'string').toBe(!s.binary);
      if (s.binary) expect(frame).toBeInstanceOf(Uint8Array);
    });

    it('round-trips a message', () => {
      expect(s.decode(s.encode(message))).toEqual(message);
    });

    it('round-trips binary values, nested', () => {
      const bin = new Uint8Array([0, 1, 2, 250, 255]);
      const back = s.decode(s.encode([50, 1, {}, [bin], { nested: { bin } }])) as [number, number, object, [Uint8Array], { nested: { bin: Uint8Array } }];
      expect(Array.from(back[3][0])).toEqual(Array.from(bin));
      expect(Array.from(back[4].nested.bin)).toEqual(Array.from(bin));
    });

    it('round-trips a 1 MiB string', () => {
      const big = 'x'.repeat(1024 * 1024);
      expect((s.decode(s.encode([16, 1, {}, 't', [big]])) as unknown[])[4]).toEqual([big]);
    });

    it('throws on malformed frames', () => {
      const good = s.encode(message);
      const truncated = typeof good === 'string' ? good.slice(0, good.length - 3) : good.subarray(0, good.length - 3);
      expect(() => s.decode(truncated)).toThrow();
      expect(() => s.decode(typeof good === 'string' ? '' : new Uint8Array(0))).toThrow();
    });

    it('gives identical output when an instance is reused', () => {
      const first = s.encode(message);
      for (let i = 0; i < 100; i++) s.encode([36, i, i * 2, {}, [i]]);
      expect(s.encode(message)).toEqual(first);
    });
  });
}
