/**
 * Client-side authentication: what HELLO announces and how a CHALLENGE is answered.
 * @module
 */
import type { WampDict } from '../protocol/messages.js';

/** The answer to a CHALLENGE. */
export interface ChallengeResponse {
  /** `AUTHENTICATE.Signature`. */
  readonly signature: string;
  /** `AUTHENTICATE.Extra`. Default `{}`. */
  readonly extra?: WampDict;
}

/** One authentication method the client offers in HELLO. */
export interface Authenticator {
  /** The method name as in HELLO `authmethods` (`ticket`, `wampcra`, `cryptosign`, `anonymous`). */
  readonly method: string;
  /** HELLO `authid`. */
  readonly authid?: string;
  /** HELLO `authextra` (e.g. the cryptosign public key). */
  readonly authextra?: WampDict;
  /**
   * Answers the CHALLENGE `extra` of this method.
   * @throws `Error` when it cannot (the session then ABORTs and fails with `AuthenticationError`).
   */
  respond(extra: WampDict): ChallengeResponse | Promise<ChallengeResponse>;
}
