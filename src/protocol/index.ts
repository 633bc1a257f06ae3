/**
 * `wampkit/protocol`: the wire-level pieces under the client, for tools, custom transports and
 * tests: the codec, the typed WAMP messages, message type codes, URI and id rules, serializer
 * factories and the in-process transport pair. Applications use the main `wampkit` entry.
 * @module wampkit/protocol
 */
export { MessageType, messageTypeName } from './message-type.js';
export type { MessageTypeCode } from './message-type.js';
export { ErrorUri } from './error-uris.js';
export { decodeMessage, encodeMessage } from './codec.js';
export { isValidUri, isValidPattern, isReservedUri, matchesUri, uriProblem, MAX_URI_LENGTH } from './uri.js';
export type { UriRule, MatchPolicy } from './uri.js';
export { sessionScopeIds, globalScopeId, MAX_ID } from './ids.js';
export type * from './messages.js';

export { JsonSerializer, MsgpackSerializer, CborSerializer, makeSerializer } from '../serializers/index.js';
export type { Serializer, SerializerName, SerializerSpec, Frame } from '../serializers/index.js';
export { inProcessPair, InProcessEnd } from '../transports/in-process.js';
export type { Transport, TransportEvents, TransportCloseInfo, Connector, ConnectRequest } from '../transports/transport.js';
export { sessionOptions } from '../client/connect.js';
export { backoffDelay } from '../../state-machines/session-chart.js';
