/**
 * The Options and Details dictionaries that wampkit reads, as precompiled per-key checks: each
 * dict lists the keys the code uses and what each must be; only keys present are checked, and
 * unknown keys pass through (the spec lets peers add their own). A check is a few property reads
 * and `typeof` tests, so validating an EVENT or INVOCATION costs less than parsing its frame
 * (a generic schema library ran 2–3× longer than `JSON.parse` of the whole frame here). The
 * top-level checks are marked pure, so a bundle keeps only those of the dicts it reads.
 * @internal
 * @module
 */

/** Tells whether a value is what a key needs; `expected` says what that is, for errors. */
export interface KeyCheck {
  readonly test: (v: unknown) => boolean;
  readonly expected: string;
}

/** The checked keys of one dictionary, and which must be present. */
export interface DictSpec {
  readonly keys: ReadonlyArray<readonly [string, KeyCheck]>;
  readonly required?: readonly string[];
  /** The same checks by key (what {@link checkDict} looks up for each key present). */
  readonly byKey: ReadonlyMap<string, KeyCheck>;
}

/** A dict's checks. */
const spec = (keys: ReadonlyArray<readonly [string, KeyCheck]>, required?: readonly string[]): DictSpec => ({
  keys,
  ...(required ? { required } : {}),
  byKey: new Map(keys),
});

const MAX_ID = 2 ** 53;

/** A plain dict: an object that is not a list nor bytes. */
export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

const k = (test: (v: unknown) => boolean, expected: string): KeyCheck => ({ test, expected });
const isId = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID;
const isString = (v: unknown): v is string => typeof v === 'string';
const listOf = (item: (v: unknown) => boolean) => (v: unknown): boolean => Array.isArray(v) && v.every(item);

const bool = /* @__PURE__ */ k((v) => typeof v === 'boolean', 'a boolean');
const str = /* @__PURE__ */ k(isString, 'a string');
const id = /* @__PURE__ */ k(isId, 'an id (integer in [0, 2^53])');
const ids = /* @__PURE__ */ k(/* @__PURE__ */ listOf(isId), 'a list of ids');
const strings = /* @__PURE__ */ k(/* @__PURE__ */ listOf(isString), 'a list of strings');
const anyDict = /* @__PURE__ */ k(isDict, 'a dict');
const nonNegative = /* @__PURE__ */ k((v) => typeof v === 'number' && v >= 0, 'a number ≥ 0');
const integer = /* @__PURE__ */ k((v) => typeof v === 'number' && Number.isInteger(v), 'an integer');
const count = /* @__PURE__ */ k((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, 'an integer ≥ 0');
const oneOf = (...values: string[]): KeyCheck => k((v) => values.includes(v as string), `one of ${values.join(', ')}`);
const roles = /* @__PURE__ */ k((v) => isDict(v) && Object.values(v).every(isDict), 'a dict of role dicts');
const forwardFor = /* @__PURE__ */ k(
  /* @__PURE__ */ listOf((v) => isDict(v) && isId(v['session']) && isString(v['authid']) && isString(v['authrole'])),
  'a list of {session, authid, authrole}',
);
const encAlgo = /* @__PURE__ */ k((v) => v === 'cryptobox' || v === 'mqtt' || v === 'xbr' || (isString(v) && v.startsWith('x_')), 'cryptobox, mqtt, xbr or x_…');
const match = /* @__PURE__ */ oneOf('exact', 'prefix', 'wildcard');
const cancelMode = /* @__PURE__ */ oneOf('skip', 'kill', 'killnowait');

const encryption: ReadonlyArray<readonly [string, KeyCheck]> = [
  ['enc_algo', encAlgo],
  ['enc_serializer', str],
  ['enc_key', str],
  ['ppt_scheme', str],
  ['ppt_serializer', str],
  ['ppt_cipher', str],
  ['ppt_keyid', str],
];

/** Any dict: no key checked. */
export const dict: DictSpec = /* @__PURE__ */ spec([]);
export const helloDetails: DictSpec = /* @__PURE__ */ spec([['roles', roles], ['authmethods', strings], ['authid', str], ['authrole', str], ['authextra', anyDict], ['agent', str]], ['roles']);
export const welcomeDetails: DictSpec = /* @__PURE__ */ spec([
  ['roles', roles],
  ['authid', str],
  ['authrole', /* @__PURE__ */ k((v) => isString(v) || listOf(isString)(v), 'a string or a list of strings')],
  ['authmethod', str],
  ['authprovider', str],
  ['authextra', anyDict],
  ['agent', str],
  ['realm', str],
]);
export const closeDetails: DictSpec = /* @__PURE__ */ spec([['message', str]]);
export const publishOptions: DictSpec = /* @__PURE__ */ spec([
  ['acknowledge', bool],
  ['exclude_me', bool],
  ['exclude', ids],
  ['exclude_authid', strings],
  ['exclude_authrole', strings],
  ['eligible', ids],
  ['eligible_authid', strings],
  ['eligible_authrole', strings],
  ['retain', bool],
  ['disclose_me', bool],
  ['transaction_hash', str],
  ['forward_for', forwardFor],
  ...encryption,
]);
export const subscribeOptions: DictSpec = /* @__PURE__ */ spec([['match', match], ['get_retained', bool], ['forward_for', forwardFor]]);
export const eventDetails: DictSpec = /* @__PURE__ */ spec([
  ['publisher', id],
  ['publisher_authid', str],
  ['publisher_authrole', str],
  ['topic', str],
  ['retained', bool],
  ['transaction_hash', str],
  ['x_acknowledged_delivery', bool],
  ['forward_for', forwardFor],
  ...encryption,
]);
export const callOptions: DictSpec = /* @__PURE__ */ spec([['receive_progress', bool], ['progress', bool], ['timeout', nonNegative], ['disclose_me', bool], ['forward_for', forwardFor], ...encryption]);
export const cancelOptions: DictSpec = /* @__PURE__ */ spec([['mode', cancelMode]]);
export const resultDetails: DictSpec = /* @__PURE__ */ spec([['progress', bool], ['forward_for', forwardFor], ...encryption]);
export const registerOptions: DictSpec = /* @__PURE__ */ spec([
  ['match', match],
  ['invoke', /* @__PURE__ */ oneOf('single', 'roundrobin', 'random', 'first', 'last')],
  ['disclose_caller', bool],
  ['force_reregister', bool],
  ['concurrency', count],
  ['forward_for', forwardFor],
]);
export const invocationDetails: DictSpec = /* @__PURE__ */ spec([
  ['receive_progress', bool],
  ['progress', bool],
  ['caller', id],
  ['caller_authid', str],
  ['caller_authrole', str],
  ['procedure', str],
  ['timeout', nonNegative],
  ['trustlevel', integer],
  ['forward_for', forwardFor],
  ...encryption,
]);
export const interruptOptions: DictSpec = /* @__PURE__ */ spec([['mode', cancelMode], ['reason', str]]);
export const yieldOptions: DictSpec = /* @__PURE__ */ spec([['progress', bool], ['forward_for', forwardFor], ...encryption]);
export const revocationDetails: DictSpec = /* @__PURE__ */ spec([['reason', str], ['subscription', id], ['registration', id]]);

/**
 * Checks the keys of `value` that `spec` lists.
 * @returns `undefined` when valid, else the offending key and what it should be.
 */
export function checkDict(spec: DictSpec, value: Record<string, unknown>): { key: string; expected: string } | undefined {
  if (spec.required) for (const key of spec.required) if (value[key] === undefined) return { key, expected: 'present (required)' };
  // By the keys present (most dicts on the wire are empty or small), not by all the spec lists.
  for (const key in value) {
    const check = spec.byKey.get(key);
    if (check === undefined) continue;
    const v = value[key];
    if (v !== undefined && !check.test(v)) return { key, expected: check.expected };
  }
  return undefined;
}
