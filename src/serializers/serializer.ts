/**
 * The serializer seam: a WAMP subprotocol id, whether frames are binary, and encode/decode.
 * @module
 */

/** A frame on the wire: text for JSON, bytes for binary serializers. */
export type Frame = string | Uint8Array;

/**
 * Turns WAMP message arrays into frames and back. `decode` returns `unknown`: the codec in
 * `src/protocol` validates it.
 */
export interface Serializer {
  /** The WebSocket subprotocol, e.g. `wamp.2.json`. */
  readonly id: string;
  /** Whether frames are binary (true) or text (false). */
  readonly binary: boolean;
  /**
   * Encodes one message array. The same message must give the same frame: a session reuses the
   * frame of a message that does not change (an anonymous HELLO to the same realm).
   * @throws `TypeError` when the value cannot be encoded by this serializer.
   */
  encode(message: unknown[]): Frame;
  /**
   * Decodes one frame.
   * @throws `SyntaxError`/`RangeError` (or the library's error) when the frame is malformed.
   */
  decode(frame: Frame): unknown;
}

/** Short names of the built-in serializers. */
export type SerializerName = 'json' | 'msgpack' | 'cbor';
