/**
 * The CBOR serializer (`wamp.2.cbor`, binary frames) over `cborg`: small, pure JavaScript, no
 * install scripts. Byte strings decode as Uint8Array; `__proto__` keys stay plain own keys.
 * @module
 */
import { decode, encode } from 'cborg';
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
   * @throws `Error` when the frame is not well-formed CBOR.
   */
  decode(frame: Frame): unknown {
    return decode(typeof frame === 'string' ? textEncoder.encode(frame) : frame);
  }
}
