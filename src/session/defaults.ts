/**
 * Every default of a client session, in one place: the documented value of each bound.
 * @module
 */
import { DEFAULT_RECONNECT, type ReconnectPolicy } from '../../state-machines/session-chart.js';
import { HEARTBEAT_DEFAULTS, type HeartbeatOptions } from './liveness.js';
import { OFFLINE_QUEUE_DEFAULTS, type OfflineQueueOptions } from '../client/offline-queue-options.js';

/** The defaults of {@link SessionOptions} (and so of `connect()`). */
export const SESSION_DEFAULTS: {
  /** Serializers offered, in order of preference. */
  readonly serializers: readonly ['json', 'msgpack'];
  /** Socket, handshake and HELLO → WELCOME (and each CHALLENGE round) must finish within this, in ms. */
  readonly connectTimeoutMs: number;
  /** How long `close()` waits for the router's GOODBYE, in ms. */
  readonly closeTimeoutMs: number;
  /** The largest message sent or accepted, in bytes. */
  readonly maxMessageBytes: number;
  /** HELLO `agent`. */
  readonly agent: string;
  /** The reconnect policy when reconnecting is asked for (`maxRetries` then defaults to `Infinity`). */
  readonly reconnect: ReconnectPolicy;
  /** Heartbeats while established. */
  readonly heartbeat: Required<HeartbeatOptions>;
  /** The offline queue's bounds when it is turned on (it is off unless asked for). */
  readonly offlineQueue: Readonly<Required<OfflineQueueOptions>>;
} = Object.freeze({
  serializers: ['json', 'msgpack'] as const,
  connectTimeoutMs: 10_000,
  closeTimeoutMs: 5_000,
  maxMessageBytes: 16 * 1024 * 1024,
  agent: 'wampkit',
  reconnect: Object.freeze({ ...DEFAULT_RECONNECT, maxRetries: Infinity }),
  heartbeat: HEARTBEAT_DEFAULTS,
  offlineQueue: OFFLINE_QUEUE_DEFAULTS,
});
