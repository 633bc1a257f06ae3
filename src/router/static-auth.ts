/**
 * A router-side {@link Authenticator} over a static table of principals: ticket, WAMP-CRA (with
 * salted secrets) and WAMP-Cryptosign, and optionally anonymous access.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { deriveCraKey, signCraChallenge } from '../auth/wampcra.js';
import { ed25519Verify } from '../auth/ed25519.js';
import type { WampDict } from '../protocol/messages.js';
import type { AuthDecision, AuthRequest, Authenticator } from './auth.js';

/** Principals per method. */
export interface StaticPrincipals {
  /** authid → ticket and role. */
  readonly ticket?: Readonly<Record<string, { readonly ticket: string; readonly role: string }>>;
  /** authid → secret and role, with PBKDF2 salting when `salt` is given. */
  readonly wampcra?: Readonly<
    Record<string, { readonly secret: string; readonly role: string; readonly salt?: string; readonly iterations?: number; readonly keylen?: number }>
  >;
  /** authid → hex Ed25519 public keys allowed, and role. */
  readonly cryptosign?: Readonly<Record<string, { readonly authorizedKeys: readonly string[]; readonly role: string }>>;
  /** Role of sessions that offer no method (or `anonymous`); leave out to refuse them. */
  readonly anonymousRole?: string;
}

const fail = (message: string): AuthDecision => ({ type: 'abort', reason: 'wamp.error.not_authorized', message });

/** A principal looked up as an own property only (never `__proto__`, `constructor`, …). */
function own<T>(table: Readonly<Record<string, T>> | undefined, key: string | undefined): T | undefined {
  return table !== undefined && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Compares two secrets in constant time (over their SHA-256, so their lengths do not leak either). */
function sameSecret(a: string, b: string): boolean {
  const digest = (x: string): Buffer => createHash('sha256').update(x, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

const randomHex = (n: number): string => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');

const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

/**
 * An authenticator that checks HELLO against `principals`, trying the client's `authmethods` in
 * its order of preference.
 *
 * @example
 * ```ts
 * const router = new Router({ authenticate: staticAuthenticator({ ticket: { joe: { ticket: 's3cret', role: 'user' } } }) });
 * ```
 */
export function staticAuthenticator(principals: StaticPrincipals): Authenticator {
  return async (request: AuthRequest): Promise<AuthDecision> => {
    const methods = request.authmethods.length > 0 ? request.authmethods : ['anonymous'];
    const authid = request.authid;
    for (const method of methods) {
      if (method === 'anonymous' && principals.anonymousRole !== undefined) {
        return { type: 'welcome', authid: `anonymous-${randomHex(4)}`, authrole: principals.anonymousRole, authmethod: 'anonymous' };
      }
      if (method === 'ticket' && authid !== undefined && principals.ticket !== undefined) {
        // Unknown authids are challenged too, and fail the same way: no telling which exist.
        const p = own(principals.ticket, authid);
        return {
          type: 'challenge',
          authmethod: 'ticket',
          extra: {},
          verify: (signature) =>
            sameSecret(signature, p?.ticket ?? '\u0000no principal') && p !== undefined
              ? { type: 'welcome', authid, authrole: p.role, authmethod: 'ticket' }
              : fail('wrong ticket'),
        };
      }
      const cra = method === 'wampcra' ? own(principals.wampcra, authid) : undefined;
      if (cra !== undefined && authid !== undefined) {
        const p = cra;
        const challenge = JSON.stringify({ authid, authrole: p.role, authmethod: 'wampcra', nonce: randomHex(16), timestamp: new Date().toISOString() });
        const extra: WampDict = { challenge };
        if (p.salt !== undefined) Object.assign(extra, { salt: p.salt, iterations: p.iterations ?? 1000, keylen: p.keylen ?? 32 });
        return {
          type: 'challenge',
          authmethod: 'wampcra',
          extra,
          verify: async (signature) => {
            const key = p.salt !== undefined ? await deriveCraKey(p.secret, p.salt, p.iterations ?? 1000, p.keylen ?? 32) : p.secret;
            return sameSecret(signature, await signCraChallenge(key, challenge))
              ? { type: 'welcome', authid, authrole: p.role, authmethod: 'wampcra' }
              : fail('wrong WAMP-CRA signature');
          },
        };
      }
      if (method === 'cryptosign') {
        const pubkey = (request.details['authextra'] as WampDict | undefined)?.['pubkey'];
        if (typeof pubkey !== 'string') continue;
        const entry = Object.entries(principals.cryptosign ?? {}).find(
          ([id, p]) => (authid === undefined || id === authid) && p.authorizedKeys.includes(pubkey.toLowerCase()),
        );
        if (!entry) continue;
        const [id, p] = entry;
        const challenge = randomHex(32);
        return {
          type: 'challenge',
          authmethod: 'cryptosign',
          extra: { challenge, channel_binding: null },
          verify: (signature) => {
            const ok =
              /^[0-9a-fA-F]{192}$/.test(signature) &&
              signature.slice(128).toLowerCase() === challenge &&
              ed25519Verify(fromHex(signature.slice(0, 128)), fromHex(challenge), fromHex(pubkey));
            return ok ? { type: 'welcome', authid: id, authrole: p.role, authmethod: 'cryptosign' } : fail('wrong cryptosign signature');
          },
        };
      }
    }
    return { type: 'abort', reason: 'wamp.error.no_auth_method', message: `no principal for ${authid ?? '(no authid)'} with ${methods.join(', ')}` };
  };
}
