/**
 * URI rules of the WAMP spec (Basic Profile, "URIs"): loose and strict, with or without empty
 * components (empty components are allowed only in wildcard patterns).
 * @module
 */

/**
 * The longest URI accepted, in UTF-16 code units. The spec sets none; a bound keeps a hostile
 * peer's 8 MB "URI" from costing more than a length check.
 */
export const MAX_URI_LENGTH = 8192;

/** What `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** One linear pass over the URI (no regular expression, no backtracking). */
function scan(uri: string, strict: boolean, allowEmpty: boolean): boolean {
  let component = 0;
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c === 46 /* . */) {
      if (component === 0 && !allowEmpty) return false;
      component = 0;
      continue;
    }
    if (strict ? !((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 95) : c === 35 /* # */ || isSpace(c)) return false;
    component++;
  }
  return component > 0 || allowEmpty;
}

/** Which URI rule to apply: the spec's MUST (`loose`) or its SHOULD (`strict`). */
export type UriRule = 'loose' | 'strict';

/** How a topic or procedure URI is matched (pattern-based subscription/registration). */
export type MatchPolicy = 'exact' | 'prefix' | 'wildcard';

/**
 * Whether `uri` is a valid WAMP URI (at most {@link MAX_URI_LENGTH} long; checked in one pass).
 *
 * @param uri - the URI to check.
 * @param rule - `loose` (default) or `strict`.
 * @param allowEmptyComponents - allow empty components (`com..update`), as wildcard patterns do.
 */
export function isValidUri(uri: string, rule: UriRule = 'loose', allowEmptyComponents = false): boolean {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_URI_LENGTH) return false;
  return scan(uri, rule === 'strict', allowEmptyComponents);
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
  // Apps call and publish the same few URIs over and over: remember the last valid exact ones.
  if (policy === 'exact' && validExact.has(uri)) return undefined;
  if (uri.length > MAX_URI_LENGTH) return `a URI is at most ${MAX_URI_LENGTH} characters, got ${uri.length}`;
  if (!isValidPattern(uri, policy)) return `invalid URI ${JSON.stringify(uri)}${policy === 'exact' ? '' : ` for ${policy} matching`}`;
  if (policy === 'exact' && uri.length <= 256) {
    if (validExact.size >= VALID_EXACT_MAX) validExact.clear();
    validExact.add(uri);
  }
  return undefined;
}

/** Exact URIs (up to 256 characters) found valid lately; at most 256 of them, cleared when full. */
const validExact = new Set<string>();
const VALID_EXACT_MAX = 256;
