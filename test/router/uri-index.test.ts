import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesUri, type MatchPolicy } from '../../src/protocol/uri.js';
import { UriIndex } from '../../src/router/uri-index.js';

function matches(index: UriIndex<string>, uri: string): string[] {
  const out: string[] = [];
  index.forEachMatch(uri, (v) => out.push(v));
  return out.sort();
}

describe('UriIndex', () => {
  it('matches exact, prefix (string prefix) and wildcard patterns', () => {
    const ix = new UriIndex<string>();
    ix.set('com.myapp.topic.emergency', 'exact', 'E');
    ix.set('com.myapp.topic.emergency', 'prefix', 'P');
    ix.set('com.myapp', 'prefix', 'P2');
    ix.set('com.myapp..userevent', 'wildcard', 'W');
    ix.set('com...', 'wildcard', 'W4');
    expect(matches(ix, 'com.myapp.topic.emergency')).toEqual(['E', 'P', 'P2', 'W4']);
    expect(matches(ix, 'com.myapp.topic.emergency-low')).toEqual(['P', 'P2', 'W4']);
    expect(matches(ix, 'com.myapp.topic.emerge')).toEqual(['P2', 'W4']);
    expect(matches(ix, 'com.myapp.foo.userevent')).toEqual(['P2', 'W', 'W4']);
    expect(matches(ix, 'com.myapp.foo.userevent.bar')).toEqual(['P2']);
    expect(matches(ix, 'com.myapp2.foo.userevent')).toEqual(['P2', 'W4']);
    expect(ix.delete('com.myapp..userevent', 'wildcard')).toBe(true);
    expect(ix.delete('com.myapp..userevent', 'wildcard')).toBe(false);
    expect(matches(ix, 'com.myapp.foo.userevent')).toEqual(['P2', 'W4']);
    expect([...ix.values()].sort()).toEqual(['E', 'P', 'P2', 'W4']);
  });

  it('picks the single best match as pattern-based registration specifies', () => {
    const ix = new UriIndex<string>();
    ix.set('a1.b2.c3.d4.e55', 'exact', '1');
    ix.set('a1.b2.c3', 'prefix', '2');
    ix.set('a1.b2.c3.d4', 'prefix', '3');
    ix.set('a1.b2..d4.e5', 'wildcard', '4');
    ix.set('a1.b2.c33..e5', 'wildcard', '5');
    ix.set('a1.b2..d4.e5..g7', 'wildcard', '6');
    ix.set('a1.b2..d4..f6.g7', 'wildcard', '7');
    const best = (u: string): string | undefined => ix.best(u)?.value;
    expect(best('a1.b2.c3.d4.e55')).toBe('1');
    expect(best('a1.b2.c3.d98.e74')).toBe('2');
    expect(best('a1.b2.c3.d4.e325')).toBe('3');
    expect(best('a1.b2.c55.d4.e5')).toBe('4');
    // The spec's example says "no prefix match" here, but its own prefix rule (a string prefix:
    // `com.myapp.myobject1` matches `com.myapp.myobject1-mysubobject1`) makes `a1.b2.c3` match.
    expect(best('a1.b2.c33.d4.e5')).toBe('2');
    expect(best('a1.b2.c88.d4.e5.f6.g7')).toBe('6');
    expect(best('a2.b2.c2.d2.e2')).toBeUndefined();
    ix.delete('a1.b2.c3', 'prefix');
    expect(best('a1.b2.c33.d4.e5')).toBe('5');
  });

  it('agrees with matchesUri on random patterns (property)', () => {
    const comp = fc.constantFrom('a', 'b', 'c');
    const uri = fc.array(comp, { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
    const pattern = fc.array(fc.constantFrom('a', 'b', ''), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
    const entry = fc.oneof(
      fc.record({ p: uri, m: fc.constant<MatchPolicy>('exact') }),
      fc.record({ p: uri, m: fc.constant<MatchPolicy>('prefix') }),
      fc.record({ p: pattern, m: fc.constant<MatchPolicy>('wildcard') }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), uri, (entries, u) => {
        const ix = new UriIndex<string>();
        for (const e of entries) ix.set(e.p, e.m, `${e.m}:${e.p}`);
        const expected = [...new Set(entries.filter((e) => matchesUri(e.p, e.m, u)).map((e) => `${e.m}:${e.p}`))].sort();
        expect(matches(ix, u)).toEqual(expected);
      }),
    );
  });
});
