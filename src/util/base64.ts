/**
 * Base64 without Node's Buffer, for the JSON serializer's binary convention.
 * @internal
 * @module
 */

const CHUNK = 0x8000;

/** Encodes bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(s);
}

/**
 * Decodes standard base64.
 * @throws `DOMException` (InvalidCharacterError) when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
