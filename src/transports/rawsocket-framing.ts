/**
 * WAMP-over-RawSocket framing (Advanced Profile, "RawSocket Transport"): the 4-octet handshake
 * and the length-prefixed frames, shared by the client transport and the router listener.
 * Pure functions and a small incremental reader: no sockets here.
 * @module
 */

/** The magic first octet of a RawSocket handshake. */
export const RAWSOCKET_MAGIC = 0x7f;

/** RawSocket serializer ids by WAMP subprotocol. */
export const RAWSOCKET_SERIALIZERS: Readonly<Record<string, number>> = {
  'wamp.2.json': 1,
  'wamp.2.msgpack': 2,
  'wamp.2.cbor': 3,
};

/** RawSocket handshake error codes. */
export const RawSocketHandshakeError = {
  SERIALIZER_UNSUPPORTED: 1,
  MAX_LENGTH_UNACCEPTABLE: 2,
  RESERVED_BITS: 3,
  MAX_CONNECTIONS: 4,
} as const;

/** Frame types of the frame header's low 3 bits. */
export const RawSocketFrameType = { REGULAR: 0, PING: 1, PONG: 2 } as const;

/** The largest length exponent: 2^(9+15) = 16 MiB. */
export const MAX_LENGTH_EXPONENT = 15;

/** A RawSocket handshake, decoded. */
export type Handshake =
  | { readonly ok: true; readonly serializer: number; readonly maxLength: number }
  | { readonly ok: false; readonly error: number };

/**
 * The length exponent (0–15) for the largest message ≤ `maxBytes` (at least 512).
 * @param maxBytes - the largest message this side accepts.
 */
export function lengthExponent(maxBytes: number): number {
  let e = 0;
  while (e < MAX_LENGTH_EXPONENT && 2 ** (e + 10) <= maxBytes) e++;
  return e;
}

/** The 4 handshake octets requesting (or accepting) a serializer with a max message length. */
export function encodeHandshake(serializer: number, maxBytes: number): Uint8Array {
  return Uint8Array.of(RAWSOCKET_MAGIC, (lengthExponent(maxBytes) << 4) | (serializer & 0x0f), 0, 0);
}

/** The 4 handshake octets of an error reply. */
export function encodeHandshakeError(error: number): Uint8Array {
  return Uint8Array.of(RAWSOCKET_MAGIC, (error & 0x0f) << 4, 0, 0);
}

/**
 * Decodes 4 handshake octets.
 * @throws `Error` when the magic octet or the reserved octets are wrong.
 */
export function decodeHandshake(b: Uint8Array): Handshake {
  if (b.length < 4 || b[0] !== RAWSOCKET_MAGIC) throw new Error('not a WAMP RawSocket handshake (bad magic octet)');
  if (b[2] !== 0 || b[3] !== 0) return { ok: false, error: RawSocketHandshakeError.RESERVED_BITS };
  const second = b[1]!;
  const serializer = second & 0x0f;
  if (serializer === 0) return { ok: false, error: second >> 4 };
  return { ok: true, serializer, maxLength: 2 ** ((second >> 4) + 9) };
}

/** A frame header: type and 24-bit big-endian length. */
export function encodeFrameHeader(type: number, length: number): Uint8Array {
  return Uint8Array.of(type & 0x07, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

/** One decoded frame. */
export interface RawFrame {
  readonly type: number;
  readonly payload: Uint8Array;
}

/**
 * Collects stream chunks and yields whole frames. Enforces the agreed maximum length. Linear in
 * the bytes received: chunks are kept as they come and each frame is assembled once, when it is
 * complete (a 16 MiB frame in 64 KiB writes is copied once, not once per write).
 */
export class FrameReader {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #maxLength: number;

  /** @param maxLength - the largest payload accepted (the length this side asked for). */
  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** Changes the largest payload accepted from now on (a router raises it after WELCOME). */
  setMaxLength(maxLength: number): void {
    this.#maxLength = maxLength;
  }

  /**
   * Adds a chunk and returns the frames it completes.
   * @throws `RangeError` when a frame is longer than the agreed maximum, or of a reserved type.
   */
  push(chunk: Uint8Array): RawFrame[] {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
    }
    const frames: RawFrame[] = [];
    while (this.#size >= 4) {
      const h = this.#peek4();
      const type = h[0]! & 0x07;
      if ((h[0]! & 0xf8) !== 0 || type > 2) throw new RangeError(`RawSocket frame of reserved type ${h[0]}`);
      const len = (h[1]! << 16) | (h[2]! << 8) | h[3]!;
      if (len > this.#maxLength) throw new RangeError(`RawSocket frame of ${len} octets exceeds the agreed ${this.#maxLength}`);
      if (this.#size < 4 + len) break; // wait for the rest, copying nothing
      frames.push({ type, payload: this.#take(4 + len).subarray(4) });
    }
    return frames;
  }

  /** The first four buffered bytes. */
  #peek4(): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.length >= 4) return first;
    const out = new Uint8Array(4);
    let n = 0;
    for (const c of this.#chunks) {
      for (let i = 0; i < c.length && n < 4; i++) out[n++] = c[i]!;
      if (n === 4) break;
    }
    return out;
  }

  /** Removes and returns the first `n` buffered bytes (a view when one chunk holds them). */
  #take(n: number): Uint8Array {
    this.#size -= n;
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.#chunks[0]!;
      const k = Math.min(c.length, n - off);
      out.set(k === c.length ? c : c.subarray(0, k), off);
      off += k;
      if (k === c.length) this.#chunks.shift();
      else this.#chunks[0] = c.subarray(k);
    }
    return out;
  }
}
