/**
 * The transport seam: a few members, nothing more (CONVENTIONS.md 2).
 * @module
 */
import type { Frame } from '../serializers/serializer.js';

/** Why and how a transport closed. */
export interface TransportCloseInfo {
  /** Whether the close was orderly (both sides agreed), as far as the transport can tell. */
  readonly wasClean: boolean;
  /** The WebSocket close code, when there is one. */
  readonly code?: number;
  /** A human-readable reason. */
  readonly reason: string;
  /** The error that closed it, when one did. */
  readonly error?: Error;
}

/** What a transport tells its owner. Each is called synchronously from the transport. */
export interface TransportEvents {
  /** A frame arrived. */
  message(frame: Frame): void;
  /** The transport closed; called exactly once, and nothing is delivered after it. */
  close(info: TransportCloseInfo): void;
  /** The peer answered a transport-level ping (WebSocket pong, RawSocket PONG). */
  pong?(): void;
  /**
   * The transport is open: a connector may call it synchronously as the connection opens, before
   * its promise resolves with the same transport, so the owner can speak first (a session sends
   * HELLO at once, not a promise turn later). Optional on both sides: the promise alone is enough.
   */
  open?(transport: Transport): void;
}

/** An open, message-framed connection with a negotiated WAMP subprotocol. */
export interface Transport {
  /** The negotiated subprotocol, e.g. `wamp.2.msgpack`. */
  readonly protocol: string;
  /** Where it is connected (the router's URL), when the transport knows. */
  readonly endpoint?: string;
  /** Sends one frame. A frame sent after close is dropped. */
  send(frame: Frame): void;
  /** Closes the transport. Idempotent. */
  close(code?: number, reason?: string): void;
  /** Bytes accepted by `send` but not yet written out (a slow reader shows here); absent when unknown. */
  readonly bufferedAmount?: number;
  /**
   * Sets the largest incoming message the transport buffers from now on (larger ones close the
   * connection before they are read whole). Optional: a router uses it to keep HELLO small.
   */
  setMaxIncoming?(bytes: number): void;
  /** Sends a transport-level ping, answered by `events.pong` (absent where there is none: browsers' WebSocket, in-process). */
  ping?(): void;
  /**
   * Drops the connection at once, without a closing handshake (the peer is unresponsive): the
   * socket is destroyed, so the peer sees the connection gone as soon as it looks.
   */
  abort?(): void;
}

/** What a {@link Connector} is asked for. */
export interface ConnectRequest {
  /** Subprotocols offered, in order of preference. */
  readonly protocols: readonly string[];
  /** Where the transport reports frames and its close. */
  readonly events: TransportEvents;
  /** Aborts the connection attempt. */
  readonly signal?: AbortSignal;
  /**
   * A lighter way to hear of an abort than `signal`, for connectors that want one: give it the
   * function that abandons the attempt; it is called at most once, if the attempt is abandoned
   * before it settles (at once when it already was). A session makes no `AbortController` unless
   * a connector reads `signal`.
   */
  onAbort?(abandon: () => void): void;
}

/**
 * Opens a transport. Resolves once the connection is open with a subprotocol the peer picked from
 * the offered list. It may say where it connects (`endpoint`, the router's URL): a session shows
 * it in its status (with failover, which router an attempt is on).
 * @throws {@link TransportError} when it cannot connect or no subprotocol was agreed.
 */
export type Connector = ((request: ConnectRequest) => Promise<Transport>) & {
  /** Where it connects (the router's URL), when it knows. */
  readonly endpoint?: string;
};

/**
 * For connectors: calls `abandon` if the attempt is abandoned, through the request's `onAbort`
 * (a session's attempt: no AbortSignal is made), else its `signal` (a request made by hand).
 * @returns what stops listening, to call once the attempt has settled.
 */
export function onAbandon(request: ConnectRequest, abandon: () => void): () => void {
  if (request.onAbort) {
    request.onAbort(abandon);
    return nothingToUndo;
  }
  const signal = request.signal;
  if (!signal) return nothingToUndo;
  signal.addEventListener('abort', abandon, { once: true });
  return () => signal.removeEventListener('abort', abandon);
}

function nothingToUndo(): void {
  /* nothing */
}

/**
 * TLS options of a client transport in Node (browsers use the platform's trust store and ignore
 * them): a private CA, a client certificate, the name to check the certificate against.
 */
export interface TlsClientOptions {
  /** CA certificates (PEM) to trust instead of the system's. */
  readonly ca?: string | readonly string[];
  /** A client certificate (PEM), for routers that authenticate by certificate. */
  readonly cert?: string | readonly string[];
  /** The client certificate's private key (PEM). */
  readonly key?: string | readonly string[];
  /** The passphrase of `key`. */
  readonly passphrase?: string;
  /** The server name for SNI and the certificate check (default: the URL's host name). */
  readonly servername?: string;
  /** Check the router's certificate (default `true`; `false` only for tests you control). */
  readonly rejectUnauthorized?: boolean;
}
