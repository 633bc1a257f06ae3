/**
 * The client roles and features wampkit announces in HELLO: exactly what it implements.
 * @internal
 * @module
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { WampDict } from '../protocol/messages.js';

/** Features a Dealer may announce in WELCOME (the spec's names). */
export type DealerFeature =
  | 'progressive_call_results'
  | 'progressive_call_invocations'
  | 'call_timeout'
  | 'call_canceling'
  | 'caller_identification'
  | 'call_trustlevels'
  | 'registration_meta_api'
  | 'pattern_based_registration'
  | 'shared_registration'
  | 'sharded_registration'
  | 'registration_revocation'
  | 'procedure_reflection'
  | 'session_meta_api'
  | 'testament_meta_api'
  | 'call_reroute'
  | 'payload_passthru_mode';

/** Features a Broker may announce in WELCOME (the spec's names). */
export type BrokerFeature =
  | 'subscriber_blackwhite_listing'
  | 'publisher_exclusion'
  | 'publisher_identification'
  | 'publication_trustlevels'
  | 'subscription_meta_api'
  | 'pattern_based_subscription'
  | 'sharded_subscription'
  | 'event_history'
  | 'event_retention'
  | 'subscription_revocation'
  | 'topic_reflection'
  | 'session_meta_api'
  | 'testament_meta_api'
  | 'acknowledge_event_received'
  | 'payload_passthru_mode';

/** Whether WELCOME `Details.roles` announce `feature` for the router's `role`. @internal */
export function announces(welcomeDetails: WampDict, role: 'dealer' | 'broker', feature: string): boolean {
  const roles = welcomeDetails['roles'] as Record<string, { features?: Record<string, unknown> } | undefined> | undefined;
  return roles?.[role]?.features?.[feature] === true;
}

/**
 * HELLO `Details`: roles and features, agent, and the authentication methods offered with the
 * authid and authextra they bring.
 */
export function helloDetails(authenticators: readonly Authenticator[], agent: string): WampDict {
  const details: WampDict = { roles: (roles ??= clientRoles()), agent };
  if (authenticators.length > 0) {
    details['authmethods'] = authenticators.map((a) => a.method);
    const withId = authenticators.find((a) => a.authid !== undefined);
    if (withId) details['authid'] = withId.authid;
    const extra = Object.assign({}, ...authenticators.map((a) => a.authextra ?? {})) as WampDict;
    if (Object.keys(extra).length > 0) details['authextra'] = extra;
  }
  return details;
}

/** HELLO's roles, built once and shared by every HELLO (read only: nothing changes a HELLO once built). */
let roles: WampDict | undefined;

/** HELLO `Details.roles` of a wampkit client (a new object each time). */
export function clientRoles(): WampDict {
  return {
    caller: {
      features: {
        progressive_call_results: true,
        progressive_call_invocations: true,
        call_canceling: true,
        call_timeout: true,
        caller_identification: true,
        payload_passthru_mode: true,
      },
    },
    callee: {
      features: {
        progressive_call_results: true,
        progressive_call_invocations: true,
        call_canceling: true,
        call_timeout: true,
        caller_identification: true,
        pattern_based_registration: true,
        shared_registration: true,
        registration_revocation: true,
        payload_passthru_mode: true,
      },
    },
    publisher: {
      features: {
        publisher_exclusion: true,
        publisher_identification: true,
        subscriber_blackwhite_listing: true,
        payload_passthru_mode: true,
      },
    },
    subscriber: {
      features: {
        pattern_based_subscription: true,
        publisher_identification: true,
        subscription_revocation: true,
        payload_passthru_mode: true,
      },
    },
  };
}

/**
 * WELCOME details, frozen, with the `roles` a router sends alike to every session held once,
 * deep-frozen, and shared between sessions (one router's roles are the same for every session,
 * whatever the order of their keys: Nexus writes them from a Go map, in another order each time;
 * another router's replace them). Roles with bytes in them, which cannot be frozen, are kept as
 * sent. Returns `details` (frozen details, the wire's WELCOME like the last, as they are). @internal
 */
export function shareWelcome(details: WampDict): WampDict {
  if (Object.isFrozen(details)) return details;
  try {
    details['roles'] &&= same(details['roles'], sharedRoles) ? sharedRoles : (sharedRoles = freeze(details['roles']));
  } catch {
    // Bytes in the roles (a typed array with items cannot be frozen): kept as sent.
  }
  return Object.freeze(details);
}

/** The last roles shared (one: no growth). */
let sharedRoles: unknown;

/** Whether two decoded values are equal, whatever the order of their keys. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && same((a as WampDict)[k], (b as WampDict)[k]));
}

/** Freezes a decoded value and everything in it. */
function freeze<T>(value: T): T {
  if (typeof value === 'object' && value) {
    for (const k in value) freeze(value[k]);
    Object.freeze(value);
  }
  return value;
}
