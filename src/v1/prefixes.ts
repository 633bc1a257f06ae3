/**
 * CURIEs of WAMP v1: a PREFIX message binds a short prefix to a URI, after which `prefix:rest`
 * stands for `uri + rest` in both directions.
 * @module
 */

/** The most prefixes one side keeps (a bound against a peer sending PREFIX in a loop). */
export const MAX_V1_PREFIXES = 256;

/** A prefix table: resolve CURIEs to URIs, shrink URIs to CURIEs. A plain class without I/O. */
export class PrefixMap {
  readonly #uris = new Map<string, string>();

  /**
   * Binds `prefix` to `uri` (replacing an earlier binding).
   * @returns `false` when the table is full ({@link MAX_V1_PREFIXES}) and `prefix` is new.
   */
  set(prefix: string, uri: string): boolean {
    if (!this.#uris.has(prefix) && this.#uris.size >= MAX_V1_PREFIXES) return false;
    this.#uris.set(prefix, uri);
    return true;
  }

  /** The URI `curieOrUri` stands for: `prefix:rest` with a known prefix expands, anything else stays. */
  resolve(curieOrUri: string): string {
    const colon = curieOrUri.indexOf(':');
    if (colon <= 0) return curieOrUri;
    const base = this.#uris.get(curieOrUri.slice(0, colon));
    return base === undefined ? curieOrUri : base + curieOrUri.slice(colon + 1);
  }

  /** The bindings, prefix to URI. */
  entries(): IterableIterator<[string, string]> {
    return this.#uris.entries();
  }

  /** Forgets every binding. */
  clear(): void {
    this.#uris.clear();
  }
}
