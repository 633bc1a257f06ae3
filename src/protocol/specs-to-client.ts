/**
 * The messages a router sends (what a client receives and checks).
 * @internal
 * @module
 */
import { MessageType } from './message-type.js';
import { ABORT, ERROR, GOODBYE, f, req, type MessageSpec } from './message-specs.js';
import * as S from './schemas.js';

/** By type code. */
export const SPECS_TO_CLIENT: ReadonlyMap<number, MessageSpec> = new Map<number, MessageSpec>([
  [MessageType.WELCOME, { fields: [f('session', 'Session|id', 'id'), f('details', 'Details', S.welcomeDetails)], payload: false }],
  [MessageType.ABORT, ABORT],
  [MessageType.CHALLENGE, { fields: [f('authMethod', 'AuthMethod|string', 'string'), f('extra', 'Extra', S.dict)], payload: false }],
  [MessageType.GOODBYE, GOODBYE],
  [MessageType.ERROR, ERROR],
  [MessageType.PUBLISHED, { fields: [req, f('publication', 'Publication|id', 'id')], payload: false }],
  [MessageType.SUBSCRIBED, { fields: [req, f('subscription', 'Subscription|id', 'id')], payload: false }],
  [MessageType.UNSUBSCRIBED, { fields: [req, f('details', 'Details', S.revocationDetails, true)], payload: false }],
  [MessageType.EVENT, {
    fields: [f('subscription', 'Subscription|id', 'id'), f('publication', 'Publication|id', 'id'), f('details', 'Details', S.eventDetails)],
    payload: true,
  }],
  [MessageType.RESULT, { fields: [req, f('details', 'Details', S.resultDetails)], payload: true }],
  [MessageType.REGISTERED, { fields: [req, f('registration', 'Registration|id', 'id')], payload: false }],
  [MessageType.UNREGISTERED, { fields: [req, f('details', 'Details', S.revocationDetails, true)], payload: false }],
  [MessageType.INVOCATION, {
    fields: [req, f('registration', 'Registration|id', 'id'), f('details', 'Details', S.invocationDetails)],
    payload: true,
  }],
  [MessageType.INTERRUPT, { fields: [req, f('options', 'Options', S.interruptOptions)], payload: false }],
]);
