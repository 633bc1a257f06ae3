/**
 * The MessagePack serializer (`wamp.2.msgpack`, binary frames) over `@msgpack/msgpack`, reusing
 * one Encoder and one Decoder (the plain `encode()` builds a new Encoder per call).
 * @module
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { Frame, Serializer } from './serializer.js';

const textEncoder = new TextEncoder();

/** MessagePack, as WAMP uses it. Integers beyond 2^32 are encoded as 64-bit. */
export class MsgpackSerializer implements Serializer {
  /** `wamp.2.msgpack` */
  readonly id = 'wamp.2.msgpack';
  /** MessagePack frames are binary. */
  readonly binary = true;
  readonly #encoder = new Encoder({ ignoreUndefined: true });
  readonly #decoder = new Decoder();

  /**
   * @throws `Error` when a value has no MessagePack form (e.g. a function).
   */
  encode(message: unknown[]): Uint8Array {
    return this.#encoder.encode(message);
  }

  /**
   * @throws `RangeError` or `DecodeError` when the frame is not MessagePack.
   */
  decode(frame: Frame): unknown {
    return this.#decoder.decode(typeof frame === 'string' ? textEncoder.encode(frame) : frame);
  }
}
