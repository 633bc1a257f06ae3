/**
 * Ed25519 (RFC 8032) for browsers, on `@noble/curves` (audited, pure JavaScript): what bundlers
 * take in place of ed25519.ts (Node's `node:crypto`) through the `browser` field of package.json.
 * Strict verification (no ZIP-215 leniency), as OpenSSL's in Node.
 * @internal
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';

/** The public key of a 32-byte seed. @internal */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** The 64-byte signature of `message` with a 32-byte seed. @internal */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/** Whether `signature` is a valid signature of `message` by `publicKey`; false for malformed input. @internal */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
