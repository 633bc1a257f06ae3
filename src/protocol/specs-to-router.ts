/**
 * The messages a client sends (what a router receives and checks).
 * @internal
 * @module
 */
import { MessageType } from './message-type.js';
import { ABORT, ERROR, GOODBYE, f, req, type MessageSpec } from './message-specs.js';
import * as S from './schemas.js';

/** By type code. */
export const SPECS_TO_ROUTER: ReadonlyMap<number, MessageSpec> = new Map<number, MessageSpec>([
  [MessageType.HELLO, { fields: [f('realm', 'Realm|uri', 'uri'), f('details', 'Details', S.helloDetails)], payload: false }],
  [MessageType.ABORT, ABORT],
  [MessageType.AUTHENTICATE, { fields: [f('signature', 'Signature|string', 'string'), f('extra', 'Extra', S.dict)], payload: false }],
  [MessageType.GOODBYE, GOODBYE],
  [MessageType.ERROR, ERROR],
  [MessageType.PUBLISH, { fields: [req, f('options', 'Options', S.publishOptions), f('topic', 'Topic|uri', 'uri')], payload: true }],
  [MessageType.SUBSCRIBE, { fields: [req, f('options', 'Options', S.subscribeOptions), f('topic', 'Topic|uri', 'uri')], payload: false }],
  [MessageType.UNSUBSCRIBE, { fields: [req, f('subscription', 'Subscription|id', 'id')], payload: false }],
  [MessageType.EVENT_RECEIVED, { fields: [f('publication', 'Publication|id', 'id')], payload: false }],
  [MessageType.CALL, { fields: [req, f('options', 'Options', S.callOptions), f('procedure', 'Procedure|uri', 'uri')], payload: true }],
  [MessageType.CANCEL, { fields: [req, f('options', 'Options', S.cancelOptions)], payload: false }],
  [MessageType.REGISTER, { fields: [req, f('options', 'Options', S.registerOptions), f('procedure', 'Procedure|uri', 'uri')], payload: false }],
  [MessageType.UNREGISTER, { fields: [req, f('registration', 'Registration|id', 'id')], payload: false }],
  [MessageType.YIELD, { fields: [req, f('options', 'Options', S.yieldOptions)], payload: true }],
]);
