/**
 * wampkit: a WAMP v2 client SDK for browsers and Node.js.
 *
 * Subpaths: `wampkit/router` (the embeddable router), `wampkit/rawsocket` (RawSocket for
 * Node), `wampkit/protocol` (codec, message types, ids, serializer factories: wire-level pieces
 * for tools and custom transports).
 * @module wampkit
 */
export { connect } from './client/connect.js';
export type { ConnectOptions } from './client/connect.js';
export type { FailoverStrategy } from './client/endpoints.js';
export type { OfflineQueueOptions, PendingRequest } from './client/offline-queue-options.js';
export { Sessions } from './client/sessions.js';
export { Session } from './session/session.js';
export type { SessionOptions, OpenOptions, StatusListener } from './session/session.js';
export { SESSION_DEFAULTS } from './session/defaults.js';
export { HEARTBEAT_DEFAULTS } from './session/liveness.js';
export type { HeartbeatOptions } from './session/liveness.js';
export type { DealerFeature, BrokerFeature } from './session/features.js';
export type { SessionStatus, SessionEnd, EndInfo, EndKind } from './session/status.js';
export { DEFAULT_RECONNECT } from '../state-machines/session-chart.js';
export type { ReconnectPolicy, ReconnectOptions } from '../state-machines/session-chart.js';

export { Result } from './roles/types.js';
export type { CallResult } from './roles/types.js';
export type { CallOptions, CallStream, CallInput } from './roles/caller.js';
export type { Procedure, InvocationContext, InvocationChunk, RegisterOptions, Registration, InvokePolicy } from './roles/callee.js';
export type { PublishOptions } from './roles/publisher.js';
export type { CustomAttributes } from './roles/options.js';
export type { EventHandler, EventDetails, SubscribeOptions, Subscription } from './roles/subscriber.js';
export type { EventStream, EventStreamOptions, OverflowPolicy, StreamEvent } from './roles/event-stream.js';
export type { PassthruOptions, ReceivedPassthru } from './roles/passthru.js';
export { defineProcedure, defineTopic } from './contracts/contracts.js';
export type {
  ProcedureContract, TopicContract, ContractCallOptions, ContractInvocationContext, ContractStream, ArgsSchema, KwargsSchema, ValueSchema,
  ArgsInput, KwargsInput, ContractPayload, ContractPayloadWith,
} from './contracts/contracts.js';
export type { StandardSchema, SchemaIssue, SchemaResult, SchemaInput, SchemaOutput, ContractIssue } from './contracts/standard-schema.js';
export type {
  MetaApi, SessionMeta, RegistrationMeta, SubscriptionMeta, SessionDetails, SessionLeft, RegistrationInfo, SubscriptionInfo,
  IdsByMatch, HistoryEvent, HistoryQuery, KillOptions, KillResult, TestamentScope, TestamentOptions, MetaMatch,
} from './meta/types.js';

export {
  WampkitError,
  WampError,
  ProtocolError,
  TransportError,
  SessionAbortedError,
  AuthenticationError,
  SessionClosedError,
  CanceledError,
  TimeoutError,
  UsageError,
} from './errors.js';
export type { WampkitErrorCode, WampErrorOptions, CancelMode } from './errors.js';

export type { Authenticator, ChallengeResponse } from './auth/authenticator.js';
export { ticketAuth } from './auth/ticket.js';
export { wampcraAuth, deriveCraKey, signCraChallenge } from './auth/wampcra.js';
export { cryptosignAuth, cryptosignPublicKey } from './auth/cryptosign.js';

export type { Serializer, SerializerName, SerializerSpec, Frame } from './serializers/index.js';
export { webSocketConnector } from './transports/websocket.js';
export type { WebSocketOptions } from './transports/websocket.js';
export type { Transport, TransportEvents, TransportCloseInfo, Connector, ConnectRequest, TlsClientOptions } from './transports/transport.js';

export { ErrorUri } from './protocol/error-uris.js';
