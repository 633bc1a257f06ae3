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

/** How many bytes a MessagePack number takes, by its first byte; 0 for a byte that starts no number. */
function numberLength(b: number): number {
  if (b < 0x80) return 1; // positive fixint
  switch (b) {
    case 0xcc: case 0xd0: return 2;
    case 0xcd: case 0xd1: return 3;
    case 0xce: case 0xd2: case 0xca: return 5;
    case 0xcf: case 0xd3: case 0xcb: return 9;
    default: return 0;
  }
}

/**
 * The last WELCOME decoded (`[2, id, details]`): its bytes after the id, and the details they
 * decoded to. A router greets every session alike but for the id, so a WELCOME whose bytes after
 * the id are the same has only its head decoded, and gets the same details object (the session
 * freezes and shares it). One of each per process.
 */
let welcomeTail: Uint8Array | undefined;
let welcomeDetails: unknown;
/** The largest WELCOME kept, in bytes. */
const MAX_KEPT_WELCOME = 16_384;

/** Whether `bytes` from `at` on are `tail`. */
function endsWith(bytes: Uint8Array, at: number, tail: Uint8Array): boolean {
  if (bytes.length - at !== tail.length) return false;
  for (let i = 0; i < tail.length; i++) if (bytes[at + i] !== tail[i]) return false;
  return true;
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
   * hostile frame cannot make the decoder allocate more than the frame is worth. A WELCOME like
   * the last one decoded has only its head decoded: its details are the same object as before.
   * @throws `RangeError`, `DecodeError` or `Error` when the frame is not MessagePack, or fails those checks.
   */
  decode(frame: Frame): unknown {
    const bytes = typeof frame === 'string' ? textEncoder.encode(frame) : frame;
    // A WELCOME: a list of 3 whose first item is 2 and whose second is a number (the session id).
    const idEnd = bytes[0] === 0x93 && bytes[1] === 2 && bytes.length > 3 ? 2 + numberLength(bytes[2]!) : 0;
    if (idEnd > 2 && welcomeTail && endsWith(bytes, idEnd, welcomeTail)) {
      // The head as a list of 2: [2, id].
      const head = bytes.slice(0, idEnd);
      head[0] = 0x92;
      const m = this.#decode(head) as unknown[];
      m.push(welcomeDetails);
      return m;
    }
    const m = this.#decode(bytes);
    // Kept only when small (a WELCOME's details are ~1 KB): a router decoding what clients send
    // never holds a copy of a large frame for it.
    if (idEnd > 2 && idEnd < bytes.length && bytes.length <= MAX_KEPT_WELCOME) {
      welcomeTail = bytes.slice(idEnd);
      welcomeDetails = (m as unknown[])[2];
    }
    return m;
  }

  #decode(bytes: Uint8Array): unknown {
    checkMsgpack(bytes);
    return this.#decoder.decode(bytes);
  }
}
