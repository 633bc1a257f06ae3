/** The v1 frame check: any JSON gives a typed message or a V1FormatError, never anything else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeV1, parseV1, V1FormatError, PrefixMap, MAX_V1_PREFIXES } from 'wampkit/v1';

describe('v1 messages', () => {
  it('decodes the shapes Autobahn 0.8 sends', () => {
    expect(decodeV1([0, 'e51J', 1, 'Autobahn/0.8.15'])).toEqual({ type: 0, sessionId: 'e51J', version: 1, server: 'Autobahn/0.8.15' });
    expect(decodeV1([4, 'c2', 'rpc:oops', 'bad', { x: 1 }])).toMatchObject({ type: 4, error: 'rpc:oops', description: 'bad', details: { x: 1 }, hasDetails: true });
    expect(decodeV1([7, 't', null, [1, 'a'], ['b']])).toEqual({ type: 7, topic: 't', event: null, exclude: ['1', 'a'], eligible: ['b'] });
  });

  it('anything else is a V1FormatError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeV1(value);
        } catch (error) {
          expect(error).toBeInstanceOf(V1FormatError);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(fc.jsonValue(), { maxLength: 6 }), (type, rest) => {
        try {
          decodeV1([type, ...rest]);
        } catch (error) {
          expect(error).toBeInstanceOf(V1FormatError);
        }
      }),
      { numRuns: 2000 },
    );
    expect(() => parseV1('{')).toThrow(V1FormatError);
    expect(() => parseV1(new Uint8Array([91, 93]))).toThrow(V1FormatError);
  });

  it('CURIEs resolve with a known prefix only; the table is bounded', () => {
    const map = new PrefixMap();
    map.set('ex', 'http://example.com/x#');
    expect(map.resolve('ex:add')).toBe('http://example.com/x#add');
    expect(map.resolve('http://example.com/y')).toBe('http://example.com/y');
    expect(map.resolve('no:such')).toBe('no:such');
    for (let i = 0; i < MAX_V1_PREFIXES; i++) map.set(`p${i}`, 'u');
    expect(map.set('one-more', 'u')).toBe(false);
    expect(map.set('ex', 'http://example.com/z#')).toBe(true);
  });
});
