/**
 * The JSON serializer (`wamp.2.json`, text frames). Binary values travel as a string: a NUL
 * character followed by the base64 of the bytes, as the spec's JSON binary convention says.
 * @module
 */
import { fromBase64, toBase64 } from '../util/base64.js';
import type { Frame, Serializer } from './serializer.js';

// Fatal: bytes that are not UTF-8 are refused, never turned into replacement characters.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** How deep a JSON message may nest (as the binary serializers' frame checks allow). */
const MAX_JSON_NESTING = 64;

/**
 * Throws when `text` nests deeper than the limit. Only long texts are scanned: nesting N deep
 * takes at least 2N characters.
 */
function checkNesting(text: string): void {
  if (text.length <= 2 * MAX_JSON_NESTING || !manyBrackets(text)) return;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_JSON_NESTING) throw new SyntaxError(`JSON nests deeper than ${MAX_JSON_NESTING}`);
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
}

/**
 * Whether `text` has more opening brackets than the nesting limit (counted with the native
 * `indexOf`, strings included): only then can it nest too deep, and only then is it walked.
 */
function manyBrackets(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > MAX_JSON_NESTING) return true;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > MAX_JSON_NESTING) return true;
  return false;
}

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Uint8Array) return '\u0000' + toBase64(raw);
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.charCodeAt(0) === 0) return fromBase64(value.slice(1));
  return value;
}

/** Whether a value holds bytes anywhere (arrays and plain objects, bounded depth). */
function hasBinary(value: unknown, depth: number): boolean {
  if (value instanceof Uint8Array) return true;
  if (depth > 64) return true; // too deep to look: let the replacer decide
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasBinary(value[i], depth + 1)) return true;
    return false;
  }
  for (const k in value as Record<string, unknown>) if (hasBinary((value as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** JSON, as WAMP uses it. Create one per session (or share: it keeps no state). */
export class JsonSerializer implements Serializer {
  /** `wamp.2.json` */
  readonly id = 'wamp.2.json';
  /** JSON frames are text. */
  readonly binary = false;

  /**
   * @throws `TypeError` on a cycle or a BigInt.
   */
  encode(message: unknown[]): string {
    // A replacer costs a call per value: only pay for it when there are bytes to convert.
    return hasBinary(message, 0) ? JSON.stringify(message, replacer) : JSON.stringify(message);
  }

  /**
   * @throws `SyntaxError` when the frame is not JSON.
   */
  decode(frame: Frame): unknown {
    const text = typeof frame === 'string' ? frame : decoder.decode(frame);
    checkNesting(text);
    // Only pay for the reviver when a binary value can be present.
    return text.includes('\\u0000') ? JSON.parse(text, reviver) : JSON.parse(text);
  }
}
