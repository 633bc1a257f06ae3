/**
 * `wampkit/router`: an embeddable WAMP v2 router (Broker and Dealer) for development, tests,
 * demos and in-process use. It speaks WAMP v2 over WebSocket, RawSocket and in-process transports (or
 * any transport you attach), with JSON, MessagePack and CBOR, and implements the Advanced Profile features
 * the wampkit client uses.
 *
 * It is not a production router: production and scale-out belong to Crossbar.io, Nexus or Bondy.
 *
 * @example
 * ```ts
 * import { Router } from 'wampkit/router';
 * const router = new Router();                            // realm1, JSON + MessagePack
 * const { url } = await router.listenWebSocket({ port: 8080 });
 * router.realm('realm1').registerInternal('com.example.ping', () => ({ args: ['pong'] }));
 * ```
 * @module wampkit/router
 */
export { Router, version } from './router.js';
export type { RouterOptions, RouterInfo } from './router.js';
export { Realm } from './realm.js';
export type { Authorize, AuthorizeAction, AuthorizeSubject, Permission, PermissionTable } from './authorizer.js';
export { ROUTER_LIMITS } from './limits.js';
export type { AddressFilterOptions } from './address-filter.js';
export type { RouterLimits } from './limits.js';
export type { EventHistoryRule } from './event-history.js';
export type { LogLevel } from './router-session.js';
export type { WebSocketListenOptions, WebSocketListener, RouterTlsOptions } from './ws-listener.js';
export type { V1BridgeOptions } from './v1-bridge.js';
export { V1_BRIDGE_MAX_PENDING_CALLS } from './v1-bridge.js';
export type { RawSocketListenOptions, RawSocketListener } from './rawsocket-listener.js';
export { anonymousAuthenticator } from './auth.js';
export { staticAuthenticator } from './static-auth.js';
export type { StaticPrincipals } from './static-auth.js';
export type { Authenticator, AuthRequest, AuthDecision, AuthWelcome, AuthChallenge, AuthAbort } from './auth.js';
export type { InternalProcedure, InternalCallDetails, InternalCallResult } from './internal-procedure.js';
