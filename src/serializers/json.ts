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
    return JSON.stringify(message, replacer);
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
