/**
 * Option objects are strict: every key is one wampkit knows (a WAMP option named as in the spec,
 * or one of wampkit's own), checked at run time too, so a misspelt `timeoutMS` is refused rather
 * than forwarded to the router. Custom attributes, which the spec lets peers add, travel in
 * `custom` and must be named `_[a-z0-9_]{3,}`.
 * @internal
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict } from '../protocol/messages.js';

/** Custom attributes: keys of the form `_[a-z0-9_]{3,}` (spec: "Custom Attributes"). */
export type CustomAttributes = Readonly<Record<`_${string}`, unknown>>;

const CUSTOM_KEY = /^_[a-z0-9_]{3,}$/;

/**
 * A UsageError when `options` has a key outside `known` (or a custom attribute with a bad name),
 * else `undefined`.
 */
export function optionProblem(what: string, options: object, known: ReadonlySet<string>): UsageError | undefined {
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    const near = [...known].find((k) => k.toLowerCase() === key.toLowerCase() || k.replace(/_/g, '') === key.replace(/_/g, '').toLowerCase());
    return new UsageError(ErrorUri.INVALID_ARGUMENT, `unknown ${what} option ${JSON.stringify(key)}${near ? ` (did you mean ${near}?)` : ''}; custom attributes go in "custom"`);
  }
  const custom = (options as { custom?: unknown }).custom;
  if (custom !== undefined) {
    if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) {
      return new UsageError(ErrorUri.INVALID_ARGUMENT, `${what} option "custom" must be an object of _custom attributes`);
    }
    for (const key of Object.keys(custom)) {
      if (!CUSTOM_KEY.test(key)) {
        return new UsageError(ErrorUri.INVALID_ARGUMENT, `custom attribute ${JSON.stringify(key)} must match _[a-z0-9_]{3,}`);
      }
    }
  }
  return undefined;
}

/** The WAMP options dict of an options object: the spec keys that are set, custom attributes spread in. */
export function wampOptions(options: object, local: ReadonlySet<string>): WampDict {
  const out: WampDict = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || local.has(key)) continue;
    if (key === 'custom') Object.assign(out, value as WampDict);
    else out[key] = value;
  }
  return out;
}
