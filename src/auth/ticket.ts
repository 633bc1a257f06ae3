/**
 * Ticket authentication: the CHALLENGE is answered with the ticket itself.
 * @module
 */
import type { Authenticator } from './authenticator.js';

/**
 * An authenticator for WAMP ticket authentication.
 * @param authid - the principal.
 * @param ticket - the ticket (sent in clear: use it over TLS only).
 */
export function ticketAuth(authid: string, ticket: string): Authenticator {
  return { method: 'ticket', authid, respond: () => ({ signature: ticket }) };
}
