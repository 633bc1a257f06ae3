/**
 * A URI matching index for subscriptions and registrations: exact, prefix and wildcard
 * patterns, looked up without scanning every stored pattern.
 *
 * - exact: one `Map` lookup;
 * - prefix: a `Map` per distinct prefix length, probed once per length (prefixes are string
 *   prefixes, as the spec's `com.myapp.topic.emergency` → `…emergency-low` example shows);
 * - wildcard: a trie over URI components, an empty component standing for any one component.
 *
 * @internal
 * @module
 */
import type { MatchPolicy } from '../protocol/uri.js';

interface WildcardNode<T> {
  readonly children: Map<string, WildcardNode<T>>;
  value: T | undefined;
}

function node<T>(): WildcardNode<T> {
  return { children: new Map(), value: undefined };
}

/**
 * Stores one value per `(pattern, match)` and finds the values whose pattern matches a
 * concrete URI. A plain class without I/O.
 *
 * @typeParam T - what is stored (a subscription, a registration).
 */
export class UriIndex<T> {
  readonly #exact = new Map<string, T>();
  /** prefix length → prefix → value */
  readonly #prefix = new Map<number, Map<string, T>>();
  /** distinct prefix lengths, ascending */
  #prefixLengths: number[] = [];
  readonly #wildcard: WildcardNode<T> = node<T>();
  #wildcardCount = 0;

  /** The value stored for exactly this pattern and match policy. */
  get(pattern: string, match: MatchPolicy): T | undefined {
    if (match === 'exact') return this.#exact.get(pattern);
    if (match === 'prefix') return this.#prefix.get(pattern.length)?.get(pattern);
    let n: WildcardNode<T> | undefined = this.#wildcard;
    for (const c of pattern.split('.')) {
      n = n.children.get(c);
      if (!n) return undefined;
    }
    return n.value;
  }

  /** Stores `value` for the pattern, replacing any value stored before. */
  set(pattern: string, match: MatchPolicy, value: T): void {
    if (match === 'exact') {
      this.#exact.set(pattern, value);
    } else if (match === 'prefix') {
      let m = this.#prefix.get(pattern.length);
      if (!m) {
        m = new Map();
        this.#prefix.set(pattern.length, m);
        this.#prefixLengths = [...this.#prefix.keys()].sort((a, b) => a - b);
      }
      m.set(pattern, value);
    } else {
      let n = this.#wildcard;
      for (const c of pattern.split('.')) {
        let child = n.children.get(c);
        if (!child) {
          child = node<T>();
          n.children.set(c, child);
        }
        n = child;
      }
      if (n.value === undefined) this.#wildcardCount++;
      n.value = value;
    }
  }

  /** Removes the value stored for the pattern; returns whether there was one. */
  delete(pattern: string, match: MatchPolicy): boolean {
    if (match === 'exact') return this.#exact.delete(pattern);
    if (match === 'prefix') {
      const m = this.#prefix.get(pattern.length);
      if (!m || !m.delete(pattern)) return false;
      if (m.size === 0) {
        this.#prefix.delete(pattern.length);
        this.#prefixLengths = this.#prefixLengths.filter((l) => l !== pattern.length);
      }
      return true;
    }
    const parts = pattern.split('.');
    const path: WildcardNode<T>[] = [this.#wildcard];
    for (const c of parts) {
      const child = path[path.length - 1]!.children.get(c);
      if (!child) return false;
      path.push(child);
    }
    const leaf = path[path.length - 1]!;
    if (leaf.value === undefined) return false;
    leaf.value = undefined;
    this.#wildcardCount--;
    // Prune empty branches.
    for (let i = parts.length; i > 0; i--) {
      const n = path[i]!;
      if (n.value !== undefined || n.children.size > 0) break;
      path[i - 1]!.children.delete(parts[i - 1]!);
    }
    return true;
  }

  /**
   * Calls `visit` with every value whose pattern matches `uri` (exact, then prefix, then
   * wildcard), and the policy it matched under.
   */
  forEachMatch(uri: string, visit: (value: T, match: MatchPolicy) => void): void {
    const e = this.#exact.get(uri);
    if (e !== undefined) visit(e, 'exact');
    const lengths = this.#prefixLengths;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i]!;
      if (len > uri.length) break;
      const v = this.#prefix.get(len)!.get(len === uri.length ? uri : uri.slice(0, len));
      if (v !== undefined) visit(v, 'prefix');
    }
    if (this.#wildcardCount > 0) {
      const parts = uri.split('.');
      visitWildcard(this.#wildcard, parts, 0, (v) => visit(v, 'wildcard'));
    }
  }

  /**
   * The single best match for `uri`, as pattern-based registration asks: the exact match, else
   * the longest prefix, else the wildcard pattern with the longest concrete components before
   * each wildcard.
   */
  best(uri: string): { value: T; match: MatchPolicy } | undefined {
    const e = this.#exact.get(uri);
    if (e !== undefined) return { value: e, match: 'exact' };
    const lengths = this.#prefixLengths;
    for (let i = lengths.length - 1; i >= 0; i--) {
      const len = lengths[i]!;
      if (len > uri.length) continue;
      const v = this.#prefix.get(len)!.get(len === uri.length ? uri : uri.slice(0, len));
      if (v !== undefined) return { value: v, match: 'prefix' };
    }
    if (this.#wildcardCount > 0) {
      const v = bestWildcard(this.#wildcard, uri.split('.'), 0);
      if (v !== undefined) return { value: v, match: 'wildcard' };
    }
    return undefined;
  }

  /** Every stored value. */
  *values(): IterableIterator<T> {
    yield* this.#exact.values();
    for (const m of this.#prefix.values()) yield* m.values();
    const stack: WildcardNode<T>[] = [this.#wildcard];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.value !== undefined) yield n.value;
      for (const c of n.children.values()) stack.push(c);
    }
  }
}

function visitWildcard<T>(n: WildcardNode<T>, parts: readonly string[], i: number, visit: (v: T) => void): void {
  if (i === parts.length) {
    if (n.value !== undefined) visit(n.value);
    return;
  }
  const concrete = n.children.get(parts[i]!);
  if (concrete) visitWildcard(concrete, parts, i + 1, visit);
  // An empty URI component can only be matched by the wildcard child, once.
  if (parts[i] !== '') {
    const any = n.children.get('');
    if (any) visitWildcard(any, parts, i + 1, visit);
  }
}

/** Depth first, concrete component before wildcard: the first hit is the spec's best match. */
function bestWildcard<T>(n: WildcardNode<T>, parts: readonly string[], i: number): T | undefined {
  if (i === parts.length) return n.value;
  const concrete = n.children.get(parts[i]!);
  if (concrete) {
    const v = bestWildcard(concrete, parts, i + 1);
    if (v !== undefined) return v;
  }
  const any = parts[i] === '' ? undefined : n.children.get('');
  return any ? bestWildcard(any, parts, i + 1) : undefined;
}
