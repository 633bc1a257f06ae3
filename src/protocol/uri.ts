/**
 * URI rules of the WAMP spec (Basic Profile, "URIs"): loose and strict, with or without empty
 * components (empty components are allowed only in wildcard patterns).
 * @module
 */

const LOOSE = /^([^\s.#]+\.)*([^\s.#]+)$/;
const LOOSE_EMPTY = /^(([^\s.#]+\.)|\.)*([^\s.#]+)?$/;
const STRICT = /^([0-9a-z_]+\.)*([0-9a-z_]+)$/;
const STRICT_EMPTY = /^(([0-9a-z_]+\.)|\.)*([0-9a-z_]+)?$/;

/** Which URI rule to apply: the spec's MUST (`loose`) or its SHOULD (`strict`). */
export type UriRule = 'loose' | 'strict';

/** How a topic or procedure URI is matched (pattern-based subscription/registration). */
export type MatchPolicy = 'exact' | 'prefix' | 'wildcard';

/**
 * Whether `uri` is a valid WAMP URI.
 *
 * @param uri - the URI to check.
 * @param rule - `loose` (default) or `strict`.
 * @param allowEmptyComponents - allow empty components (`com..update`), as wildcard patterns do.
 */
export function isValidUri(uri: string, rule: UriRule = 'loose', allowEmptyComponents = false): boolean {
  if (typeof uri !== 'string' || uri.length === 0) return false;
  const re = rule === 'strict' ? (allowEmptyComponents ? STRICT_EMPTY : STRICT) : allowEmptyComponents ? LOOSE_EMPTY : LOOSE;
  return re.test(uri);
}

/**
 * Whether `uri` is valid for a SUBSCRIBE or REGISTER with the given match policy: `exact` and
 * `prefix` need non-empty components, `wildcard` allows empty ones.
 *
 * @param uri - the topic or procedure (pattern).
 * @param match - the match policy (default `exact`).
 * @param rule - the URI rule (default `loose`).
 */
export function isValidPattern(uri: string, match: MatchPolicy = 'exact', rule: UriRule = 'loose'): boolean {
  return isValidUri(uri, rule, match === 'wildcard');
}

/** Whether `uri` lies in the `wamp.` namespace the spec reserves for the router and the spec. */
export function isReservedUri(uri: string): boolean {
  return uri === 'wamp' || uri.startsWith('wamp.');
}

/**
 * Whether a concrete `uri` matches `pattern` under `match`: `prefix` matches the pattern itself
 * and anything that starts with it; `wildcard` compares component by component, an empty
 * pattern component matching any one component.
 *
 * @param pattern - the registered or subscribed URI.
 * @param match - the match policy.
 * @param uri - the concrete topic or procedure.
 */
export function matchesUri(pattern: string, match: MatchPolicy, uri: string): boolean {
  if (match === 'exact') return pattern === uri;
  if (match === 'prefix') return uri.startsWith(pattern);
  const p = pattern.split('.');
  const u = uri.split('.');
  if (p.length !== u.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== '' && p[i] !== u[i]) return false;
  return true;
}

/**
 * `undefined` when `uri` is valid for its match policy (loose rule), else why not: what a client
 * checks before sending, so a bad URI fails at once with `wamp.error.invalid_uri`.
 *
 * @param uri - the topic, procedure or pattern.
 * @param match - the match policy (default `exact`).
 */
export function uriProblem(uri: unknown, match: unknown = 'exact'): string | undefined {
  if (typeof uri !== 'string') return `a URI must be a string, got ${typeof uri}`;
  const policy: MatchPolicy = match === 'prefix' || match === 'wildcard' ? match : 'exact';
  return isValidPattern(uri, policy) ? undefined : `invalid URI ${JSON.stringify(uri)}${policy === 'exact' ? '' : ` for ${policy} matching`}`;
}
