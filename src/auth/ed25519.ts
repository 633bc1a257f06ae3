/**
 * Ed25519 (RFC 8032) in Node, on `node:crypto` (OpenSSL): native, and nothing more to load at
 * start. Bundlers for browsers get ed25519-browser.ts (`@noble/curves`) in its place, through the
 * `browser` field of package.json; both give the same keys and signatures and refuse the same
 * non-canonical ones (test/unit/auth/ed25519.test.ts).
 * @internal
 * @module
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

// The DER prefixes of an Ed25519 key in PKCS #8 (private) and SubjectPublicKeyInfo (public)
// form (RFC 8410): the raw 32 bytes follow.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

function privateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public key of a 32-byte seed. @internal */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKey(seed)).export({ format: 'der', type: 'spki' });
  return plain(spki.subarray(SPKI_PREFIX.length));
}

/** The 64-byte signature of `message` with a 32-byte seed. @internal */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return plain(sign(null, message, privateKey(seed)));
}

/** Whether `signature` is a valid signature of `message` by `publicKey`; false for malformed input. @internal */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
