/**
 * The client roles and features wampkit announces in HELLO: exactly what it implements.
 * @internal
 * @module
 */
import type { WampDict } from '../protocol/messages.js';

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
