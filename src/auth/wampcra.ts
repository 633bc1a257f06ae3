/**
 * WAMP-CRA (challenge-response authentication) with salted secrets, on WebCrypto (Node and
 * browsers alike).
 * @module
 */
import type { WampDict } from '../protocol/messages.js';
import { toBase64 } from '../util/base64.js';
import type { Authenticator } from './authenticator.js';

const utf8 = new TextEncoder();

/**
 * The salted key of WAMP-CRA: PBKDF2-HMAC-SHA256 of the secret, as base64.
 * @param secret - the secret.
 * @param salt - the salt from the CHALLENGE.
 * @param iterations - PBKDF2 iterations (default 1000).
 * @param keylen - key length in bytes (default 32).
 */
export async function deriveCraKey(secret: string, salt: string, iterations = 1000, keylen = 32): Promise<string> {
  const base = await crypto.subtle.importKey('raw', utf8.encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', salt: utf8.encode(salt), iterations, hash: 'SHA-256' }, base, keylen * 8);
  return toBase64(new Uint8Array(bits));
}

/**
 * The WAMP-CRA signature: base64 of HMAC-SHA256 of the challenge, keyed with the secret.
 * @param key - the secret (or salted key).
 * @param challenge - the challenge string.
 */
export async function signCraChallenge(key: string, challenge: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', utf8.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8.encode(challenge))));
}

/**
 * An authenticator for WAMP-CRA, with salted secrets when the router sends a salt.
 * @param authid - the principal.
 * @param secret - the shared secret.
 * @throws `Error` (from `respond`) when the CHALLENGE has no `challenge` string.
 */
export function wampcraAuth(authid: string, secret: string): Authenticator {
  return {
    method: 'wampcra',
    authid,
    async respond(extra: WampDict) {
      const challenge = extra['challenge'];
      if (typeof challenge !== 'string') throw new Error('WAMP-CRA challenge has no "challenge" string');
      const salt = extra['salt'];
      const key =
        typeof salt === 'string'
          ? await deriveCraKey(
              secret,
              salt,
              typeof extra['iterations'] === 'number' ? extra['iterations'] : 1000,
              typeof extra['keylen'] === 'number' ? extra['keylen'] : 32,
            )
          : secret;
      return { signature: await signCraChallenge(key, challenge) };
    },
  };
}
