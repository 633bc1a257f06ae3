/**
 * WAMP-Cryptosign: Ed25519 signatures over the router's challenge (without TLS channel binding):
 * `node:crypto` in Node, `@noble/curves` in browsers (ed25519.ts and ed25519-browser.ts, swapped by
 * the `browser` field of package.json), so a Node app loads no Ed25519 code of its own.
 * @module
 */
import type { WampDict } from '../protocol/messages.js';
import type { Authenticator } from './authenticator.js';
import { ed25519PublicKey, ed25519Sign } from './ed25519.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function fromHex(text: string, what: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`${what} is not hex`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The Ed25519 public key (hex) of a private key seed.
 * @param privateKey - the 32-byte seed, as bytes or hex.
 * @throws `Error` when the key is not 32 bytes.
 */
export function cryptosignPublicKey(privateKey: Uint8Array | string): string {
  const seed = typeof privateKey === 'string' ? fromHex(privateKey.trim(), 'private key') : privateKey;
  if (seed.length !== 32) throw new Error(`an Ed25519 private key is 32 bytes, got ${seed.length}`);
  return hex(ed25519PublicKey(seed));
}

/**
 * An authenticator for WAMP-Cryptosign. HELLO carries the public key in `authextra.pubkey`; the
 * answer to CHALLENGE is the signature followed by the signed challenge, hex-encoded (96 bytes).
 *
 * @param authid - the principal (optional for cryptosign: the router may assign one).
 * @param privateKey - the 32-byte Ed25519 seed, as bytes or hex.
 * @throws `Error` when the key is not 32 bytes; from `respond`, when the challenge is not 32 hex bytes.
 */
export function cryptosignAuth(authid: string | undefined, privateKey: Uint8Array | string): Authenticator {
  const seed = typeof privateKey === 'string' ? fromHex(privateKey.trim(), 'private key') : privateKey;
  const pubkey = cryptosignPublicKey(seed);
  return {
    method: 'cryptosign',
    ...(authid !== undefined ? { authid } : {}),
    authextra: { pubkey },
    respond(extra: WampDict) {
      const challenge = extra['challenge'];
      if (typeof challenge !== 'string') throw new Error('cryptosign CHALLENGE has no "challenge" string');
      const message = fromHex(challenge, 'cryptosign challenge');
      if (message.length !== 32) throw new Error(`cryptosign challenge is 32 bytes, got ${message.length}`);
      if (extra['channel_binding'] !== undefined && extra['channel_binding'] !== null) {
        throw new Error(`cryptosign channel binding ${String(extra['channel_binding'])} is not supported`);
      }
      return { signature: hex(ed25519Sign(message, seed)) + challenge.toLowerCase() };
    },
  };
}
