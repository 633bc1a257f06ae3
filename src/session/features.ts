/**
 * The client roles and features wampkit announces in HELLO: exactly what it implements.
 * @internal
 * @module
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { WampDict } from '../protocol/messages.js';

/**
 * HELLO `Details`: roles and features, agent, and the authentication methods offered with the
 * authid and authextra they bring.
 */
export function helloDetails(authenticators: readonly Authenticator[], agent: string): WampDict {
  const details: WampDict = { roles: clientRoles(), agent };
  if (authenticators.length > 0) {
    details['authmethods'] = authenticators.map((a) => a.method);
    const withId = authenticators.find((a) => a.authid !== undefined);
    if (withId) details['authid'] = withId.authid;
    const extra = Object.assign({}, ...authenticators.map((a) => a.authextra ?? {})) as WampDict;
    if (Object.keys(extra).length > 0) details['authextra'] = extra;
  }
  return details;
}

/** HELLO `Details.roles` of a wampkit client. */
export function clientRoles(): WampDict {
  return {
    caller: {
      features: {
        progressive_call_results: true,
        progressive_call_invocations: true,
        call_canceling: true,
        call_timeout: true,
        caller_identification: true,
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
      },
    },
    publisher: {
      features: {
        publisher_exclusion: true,
        publisher_identification: true,
        subscriber_blackwhite_listing: true,
      },
    },
    subscriber: {
      features: {
        pattern_based_subscription: true,
        publisher_identification: true,
        subscription_revocation: true,
      },
    },
  };
}
