/**
 * The CBOR serializer (`wamp.2.cbor`, binary frames) over `cborg`: small, pure JavaScript, no
 * install scripts. Byte strings decode as Uint8Array; `__proto__` keys stay plain own keys.
 * @module
 */
import { decode, encode } from 'cborg';
import { checkCbor } from './frame-check.js';
import type { Frame, Serializer } from './serializer.js';

const textEncoder = new TextEncoder();
// Keep map keys in insertion order (as Python's cbor2 and most peers write them), not RFC 8949's sort.
const ENCODE_OPTIONS = { ignoreUndefinedProperties: true, mapSorter: undefined } as const;

/** CBOR, as WAMP uses it. */
export class CborSerializer implements Serializer {
  /** `wamp.2.cbor` */
  readonly id = 'wamp.2.cbor';
  /** CBOR frames are binary. */
  readonly binary = true;

  /**
   * @throws `Error` when a value has no CBOR form (e.g. a function or a symbol).
   */
  encode(message: unknown[]): Uint8Array {
    return encode(message, ENCODE_OPTIONS);
  }

  /**
   * Checks the frame's structure first (lengths that fit, bounded nesting, valid UTF-8), so a
   * hostile frame cannot make the decoder allocate more than the frame is worth.
   * @throws `Error` when the frame is not well-formed CBOR, or fails those checks.
   */
  decode(frame: Frame): unknown {
    const bytes = typeof frame === 'string' ? textEncoder.encode(frame) : frame;
    checkCbor(bytes);
    return decode(bytes);
  }
}
