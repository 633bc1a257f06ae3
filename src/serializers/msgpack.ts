/**
 * The MessagePack serializer (`wamp.2.msgpack`, binary frames) over `@msgpack/msgpack`, reusing
 * one Encoder and one Decoder (the plain `encode()` builds a new Encoder per call).
 * @module
 */
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { checkMsgpack } from './frame-check.js';
import type { Frame, Serializer } from './serializer.js';

const textEncoder = new TextEncoder();

/**
 * msgpackr (used by wampy.js, among others) writes JavaScript `undefined` as the extension
 * type 0 with one zero byte; read it back as `undefined` instead of an opaque ExtData, so that
 * `{ match: undefined }` in such a peer's Options means "not set".
 */
function lenientExtensions(): ExtensionCodec {
  const codec = new ExtensionCodec();
  codec.register({
    type: 0,
    encode: () => null,
    decode: (data: Uint8Array) => (data.length === 1 && data[0] === 0 ? undefined : new ExtData(0, data)),
  });
  return codec;
}

/** MessagePack, as WAMP uses it. Integers beyond 2^32 are encoded as 64-bit. */
export class MsgpackSerializer implements Serializer {
  /** `wamp.2.msgpack` */
  readonly id = 'wamp.2.msgpack';
  /** MessagePack frames are binary. */
  readonly binary = true;
  readonly #encoder = new Encoder({ ignoreUndefined: true });
  readonly #decoder = new Decoder({ extensionCodec: lenientExtensions() });

  /**
   * @throws `Error` when a value has no MessagePack form (e.g. a function).
   */
  encode(message: unknown[]): Uint8Array {
    return this.#encoder.encode(message);
  }

  /**
   * Checks the frame's structure first (lengths that fit, bounded nesting, valid UTF-8), so a
   * hostile frame cannot make the decoder allocate more than the frame is worth.
   * @throws `RangeError`, `DecodeError` or `Error` when the frame is not MessagePack, or fails those checks.
   */
  decode(frame: Frame): unknown {
    const bytes = typeof frame === 'string' ? textEncoder.encode(frame) : frame;
    checkMsgpack(bytes);
    return this.#decoder.decode(bytes);
  }
}
