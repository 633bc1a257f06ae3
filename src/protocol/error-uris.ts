/**
 * Error and close reason URIs predefined by the WAMP spec: one constant each (so a bundle keeps
 * only those its code uses), and all of them as {@link ErrorUri}.
 * @module
 */
/** `wamp.error.invalid_uri` */
export const INVALID_URI = 'wamp.error.invalid_uri';
/** `wamp.error.no_such_procedure` */
export const NO_SUCH_PROCEDURE = 'wamp.error.no_such_procedure';
/** `wamp.error.procedure_already_exists` */
export const PROCEDURE_ALREADY_EXISTS = 'wamp.error.procedure_already_exists';
/** `wamp.error.no_such_registration` */
export const NO_SUCH_REGISTRATION = 'wamp.error.no_such_registration';
/** `wamp.error.no_such_subscription` */
export const NO_SUCH_SUBSCRIPTION = 'wamp.error.no_such_subscription';
/** `wamp.error.invalid_argument` */
export const INVALID_ARGUMENT = 'wamp.error.invalid_argument';
/** `wamp.error.runtime_error` */
export const RUNTIME_ERROR = 'wamp.error.runtime_error';
/** `wamp.close.system_shutdown` */
export const SYSTEM_SHUTDOWN = 'wamp.close.system_shutdown';
/** `wamp.close.close_realm` */
export const CLOSE_REALM = 'wamp.close.close_realm';
/** `wamp.close.goodbye_and_out` */
export const GOODBYE_AND_OUT = 'wamp.close.goodbye_and_out';
/** `wamp.close.normal` */
export const CLOSE_NORMAL = 'wamp.close.normal';
/** `wamp.error.protocol_violation` */
export const PROTOCOL_VIOLATION = 'wamp.error.protocol_violation';
/** `wamp.error.not_authorized` */
export const NOT_AUTHORIZED = 'wamp.error.not_authorized';
/** `wamp.error.authorization_failed` */
export const AUTHORIZATION_FAILED = 'wamp.error.authorization_failed';
/** `wamp.error.authentication_failed` */
export const AUTHENTICATION_FAILED = 'wamp.error.authentication_failed';
/** `wamp.error.no_auth_method` */
export const NO_AUTH_METHOD = 'wamp.error.no_auth_method';
/** `wamp.error.no_such_realm` */
export const NO_SUCH_REALM = 'wamp.error.no_such_realm';
/** `wamp.error.no_such_role` */
export const NO_SUCH_ROLE = 'wamp.error.no_such_role';
/** `wamp.error.no_such_principal` */
export const NO_SUCH_PRINCIPAL = 'wamp.error.no_such_principal';
/** `wamp.error.canceled` */
export const CANCELED = 'wamp.error.canceled';
/** `wamp.error.timeout` */
export const TIMEOUT = 'wamp.error.timeout';
/** `wamp.error.option_not_allowed` */
export const OPTION_NOT_ALLOWED = 'wamp.error.option_not_allowed';
/** `wamp.error.no_eligible_callee` */
export const NO_ELIGIBLE_CALLEE = 'wamp.error.no_eligible_callee';
/** `wamp.error.option_disallowed.disclose_me` */
export const OPTION_DISALLOWED_DISCLOSE_ME = 'wamp.error.option_disallowed.disclose_me';
/** `wamp.error.network_failure` */
export const NETWORK_FAILURE = 'wamp.error.network_failure';
/** `wamp.error.payload_size_exceeded` */
export const PAYLOAD_SIZE_EXCEEDED = 'wamp.error.payload_size_exceeded';
/** `wamp.error.feature_not_supported` */
export const FEATURE_NOT_SUPPORTED = 'wamp.error.feature_not_supported';

/** Error and close reason URIs predefined by the WAMP spec. */
export const ErrorUri = {
  INVALID_URI,
  NO_SUCH_PROCEDURE,
  PROCEDURE_ALREADY_EXISTS,
  NO_SUCH_REGISTRATION,
  NO_SUCH_SUBSCRIPTION,
  INVALID_ARGUMENT,
  RUNTIME_ERROR,
  SYSTEM_SHUTDOWN,
  CLOSE_REALM,
  GOODBYE_AND_OUT,
  CLOSE_NORMAL,
  PROTOCOL_VIOLATION,
  NOT_AUTHORIZED,
  AUTHORIZATION_FAILED,
  AUTHENTICATION_FAILED,
  NO_AUTH_METHOD,
  NO_SUCH_REALM,
  NO_SUCH_ROLE,
  NO_SUCH_PRINCIPAL,
  CANCELED,
  TIMEOUT,
  OPTION_NOT_ALLOWED,
  NO_ELIGIBLE_CALLEE,
  OPTION_DISALLOWED_DISCLOSE_ME,
  NETWORK_FAILURE,
  PAYLOAD_SIZE_EXCEEDED,
  FEATURE_NOT_SUPPORTED,
} as const;
