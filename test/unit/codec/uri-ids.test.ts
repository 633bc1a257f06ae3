/** URI rules (loose, strict, empty components) and id rules of the WAMP spec. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ID, globalScopeId, isReservedUri, isValidPattern, isValidUri, matchesUri, sessionScopeIds, uriProblem } from '../../../src/protocol/index.js';

describe('URIs', () => {
  it.each([
    ['com.myapp.topic1', true, true],
    ['com.myapp.Topic1', true, false],
    ['com.myapp.ünïcode', true, false],
    ['a', true, true],
    ['com.my_app.x9', true, true],
    ['com.myapp..topic', false, false],
    ['.com.myapp', false, false],
    ['com.myapp.', false, false],
    ['com.my app', false, false],
    ['com.my#app', false, false],
    ['com.my\tapp', false, false],
    ['', false, false],
  ])('%j: loose %s, strict %s', (uri, loose, strict) => {
    expect(isValidUri(uri, 'loose')).toBe(loose);
    expect(isValidUri(uri, 'strict')).toBe(strict);
  });

  it('empty components only in wildcard patterns', () => {
    expect(isValidPattern('com..update', 'wildcard')).toBe(true);
    expect(isValidPattern('com..update', 'exact')).toBe(false);
    expect(isValidPattern('com..update', 'prefix')).toBe(false);
    expect(isValidPattern('.com.x.', 'wildcard')).toBe(true);
    expect(isValidPattern('com.x y..z', 'wildcard')).toBe(false);
    expect(isValidUri('com..Update', 'strict', true)).toBe(false);
  });

  it('wamp. is reserved', () => {
    expect(isReservedUri('wamp.session.count')).toBe(true);
    expect(isReservedUri('com.wamp.x')).toBe(false);
    expect(isReservedUri('wamp')).toBe(true);
    expect(isReservedUri('wampkit.x')).toBe(false);
  });

  it.each([
    ['com.a.b', 'exact', 'com.a.b', true],
    ['com.a.b', 'exact', 'com.a.bc', false],
    ['com.a', 'prefix', 'com.a.b.c', true],
    ['com.a', 'prefix', 'com.a', true],
    ['com.a', 'prefix', 'com.b.a', false],
    ['com..b', 'wildcard', 'com.x.b', true],
    ['com..b', 'wildcard', 'com.x.y.b', false],
    ['..', 'wildcard', 'a.b.c', true],
    ['com..b', 'wildcard', 'com.x.c', false],
  ] as const)('%s (%s) matches %s: %s', (pattern, match, uri, expected) => {
    expect(matchesUri(pattern, match, uri)).toBe(expected);
  });
});

describe('ids', () => {
  it('session scope: 1, 2, 3 … and wraps from 2^53 to 1', () => {
    const next = sessionScopeIds();
    expect([next(), next(), next()]).toEqual([1, 2, 3]);
    const near = sessionScopeIds(MAX_ID - 1);
    expect([near(), near(), near()]).toEqual([MAX_ID - 1, MAX_ID, 1]);
  });

  it('global scope: integers within [1, 2^53], at both ends of the random source', () => {
    expect(globalScopeId(() => 0)).toBe(1);
    const top = globalScopeId(() => 1 - Number.EPSILON);
    expect(top).toBeLessThanOrEqual(MAX_ID);
    expect(top).toBeGreaterThan(MAX_ID - 2 ** 22);
    for (let i = 0; i < 1000; i++) {
      const id = globalScopeId();
      expect(Number.isSafeInteger(id) || id === MAX_ID).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(MAX_ID);
    }
  });
});

describe('URI checks under attack', () => {
  // The spec's rules as regular expressions: the reference the linear scan must agree with.
  const REF = {
    loose: /^([^\s.#]+\.)*([^\s.#]+)$/,
    looseEmpty: /^(([^\s.#]+\.)|\.)*([^\s.#]+)?$/,
    strict: /^([0-9a-z_]+\.)*([0-9a-z_]+)$/,
    strictEmpty: /^(([0-9a-z_]+\.)|\.)*([0-9a-z_]+)?$/,
  };
  const chars = fc.constantFrom('a', 'b', 'Z', '0', '_', '.', '.', '#', ' ', '\u00a0', '\u2028', 'é', '-');

  it('agrees with the spec rules written as regular expressions', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), (u) => {
        const ne = u.length > 0;
        expect(isValidUri(u, 'loose', false)).toBe(ne && REF.loose.test(u));
        expect(isValidUri(u, 'loose', true)).toBe(ne && REF.looseEmpty.test(u));
        expect(isValidUri(u, 'strict', false)).toBe(ne && REF.strict.test(u));
        expect(isValidUri(u, 'strict', true)).toBe(ne && REF.strictEmpty.test(u));
      }),
      { numRuns: 3000 },
    );
  });

  it('an 8 MB URI of 4M components is refused by its length, without a RangeError', () => {
    const huge = 'a.'.repeat(4 * 1024 * 1024) + 'a';
    expect(() => isValidUri(huge)).not.toThrow();
    expect(isValidUri(huge)).toBe(false);
    expect(uriProblem(huge)).toMatch(/at most 8192 characters/);
    expect(isValidUri('a.'.repeat(4000) + 'a')).toBe(true);
  });
});
