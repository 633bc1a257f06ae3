/**
 * The router's authentication seam. An {@link Authenticator} sees each HELLO and decides:
 * welcome the session, challenge it (CHALLENGE/AUTHENTICATE, any number of rounds), or abort.
 * The default lets everyone in as `anonymous`.
 * @module
 */
import type { WampDict } from '../protocol/messages.js';

/** What an {@link Authenticator} is asked about. */
export interface AuthRequest {
  /** The realm the client asked to join. */
  readonly realm: string;
  /** `HELLO.Details` as the client sent them (roles, authmethods, authid, authextra, …). */
  readonly details: WampDict;
  /** `HELLO.Details.authmethods`, or `[]`. */
  readonly authmethods: readonly string[];
  /** `HELLO.Details.authid`, when sent. */
  readonly authid: string | undefined;
  /** The negotiated subprotocol of the connection, e.g. `wamp.2.json`. */
  readonly protocol: string;
}

/** Let the session in with this identity. */
export interface AuthWelcome {
  readonly type: 'welcome';
  readonly authid: string;
  readonly authrole: string;
  /** Default `anonymous`. */
  readonly authmethod?: string;
  /** Default `static`. */
  readonly authprovider?: string;
  /** Sent as `WELCOME.Details.authextra`. */
  readonly authextra?: WampDict;
}

/** Send CHALLENGE and decide on the AUTHENTICATE that answers it. */
export interface AuthChallenge {
  readonly type: 'challenge';
  /** `CHALLENGE.AuthMethod`, e.g. `wampcra`, `ticket`, `cryptosign`. */
  readonly authmethod: string;
  /** `CHALLENGE.Extra` */
  readonly extra: WampDict;
  /** Checks `AUTHENTICATE.Signature` and `AUTHENTICATE.Extra`; may challenge again. */
  verify(signature: string, extra: WampDict): AuthDecision | Promise<AuthDecision>;
}

/** Refuse the session with ABORT. */
export interface AuthAbort {
  readonly type: 'abort';
  /** The ABORT reason URI, e.g. `wamp.error.authentication_failed`. */
  readonly reason: string;
  /** Sent as `ABORT.Details.message`. */
  readonly message?: string;
}

/** What an {@link Authenticator} decides. */
export type AuthDecision = AuthWelcome | AuthChallenge | AuthAbort;

/**
 * Decides whether and as whom a client joins a realm. Throwing (or rejecting) aborts the
 * session with `wamp.error.authentication_failed`.
 *
 * @example
 * ```ts
 * const authenticate: Authenticator = ({ authid }) =>
 *   authid === 'joe' ? { type: 'welcome', authid, authrole: 'user' }
 *                    : { type: 'abort', reason: 'wamp.error.not_authorized' };
 * ```
 */
export type Authenticator = (request: AuthRequest) => AuthDecision | Promise<AuthDecision>;

/** The default {@link Authenticator}: everyone is `anonymous` (authid and authrole). */
export const anonymousAuthenticator: Authenticator = () => ({
  type: 'welcome',
  authid: 'anonymous',
  authrole: 'anonymous',
  authmethod: 'anonymous',
  authprovider: 'static',
});
