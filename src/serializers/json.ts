/**
 * The JSON serializer (`wamp.2.json`, text frames). Binary values travel as a string: a NUL
 * character followed by the base64 of the bytes, as the spec's JSON binary convention says.
 * @module
 */
import { fromBase64, toBase64 } from '../util/base64.js';
import type { Frame, Serializer } from './serializer.js';

const decoder = new TextDecoder();

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
    // Only pay for the reviver when a binary value can be present.
    return text.includes('\\u0000') ? JSON.parse(text, reviver) : JSON.parse(text);
  }
}
