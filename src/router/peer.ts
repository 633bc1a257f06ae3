/**
 * The narrow view of a joined session that the Broker and the Dealer get (CONVENTIONS.md 6):
 * identity, what it announced, and a way to send. Never the connection itself.
 * @internal
 * @module
 */
import type { WampDict, WampMessage } from '../protocol/messages.js';
import type { Frame } from '../serializers/serializer.js';
import type { AuthorizeAction, Decision } from './authorizer.js';

/** How the Dealer and the Broker ask whether a peer may do something. @internal */
export type PeerAuthorizer = (peer: RouterPeer, action: AuthorizeAction, uri: string, options: WampDict) => Decision | Promise<Decision>;

/** Runs `then` with the decision, at once when it is known, else when it resolves. @internal */
export function withDecision(d: Decision | Promise<Decision>, then: (d: Decision) => void): void | Promise<void> {
  if (d instanceof Promise) return d.then(then);
  then(d);
}

/** What a client announced in `HELLO.Details.roles`, reduced to the flags the router reads. */
export interface PeerFeatures {
  readonly caller: boolean;
  readonly callee: boolean;
  readonly publisher: boolean;
  readonly subscriber: boolean;
  /** callee: call_canceling (or the spelling call_cancelling). */
  readonly calleeCanceling: boolean;
  readonly calleeProgressiveResults: boolean;
  readonly calleeProgressiveInvocations: boolean;
  readonly calleeTimeout: boolean;
  readonly calleeRevocation: boolean;
  /** subscriber: subscription_revocation. */
  readonly subscriberRevocation: boolean;
  readonly calleePassthru: boolean;
  readonly callerProgressiveInvocations: boolean;
  readonly callerPassthru: boolean;
  readonly publisherPassthru: boolean;
}

/** A joined session as the Broker and the Dealer see it. */
export interface RouterPeer {
  /** The WAMP session id. */
  readonly id: number;
  readonly authid: string;
  readonly authrole: string;
  readonly features: PeerFeatures;
  /** Subprotocol id of the connection's serializer: frames are shared per serializer. */
  readonly serializerId: string;
  /**
   * Encodes a message array with this connection's serializer (to share the frame).
   * @throws when the serializer cannot encode it.
   */
  encode(message: unknown[]): Frame;
  /**
   * Sends a typed message.
   * @returns `undefined` when it went out (or the session is past sending); else why its
   * serializer could not encode it, so the router can answer whoever sent it.
   */
  send(message: WampMessage): string | undefined;
  /** Sends a frame encoded by a serializer with the same {@link RouterPeer.serializerId}. */
  sendFrame(frame: Frame): void;
  /** Whether the session is still joined (sends after leaving are dropped anyway). */
  readonly joined: boolean;
  /** The realm it joined. */
  readonly realmName: string;
  /** The router's own session (`router.internalSession()`): authorization does not apply. */
  readonly trusted: boolean;
}

function isDict(v: unknown): v is WampDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the flags the router uses from `HELLO.Details.roles`. */
export function parseFeatures(roles: unknown): PeerFeatures {
  const r = isDict(roles) ? roles : {};
  const feats = (role: string): WampDict => {
    const d = r[role];
    if (!isDict(d)) return {};
    const f = d['features'];
    return isDict(f) ? f : {};
  };
  const callee = feats('callee');
  const caller = feats('caller');
  const publisher = feats('publisher');
  const subscriber = feats('subscriber');
  const calleeCanceling = callee['call_canceling'] === true || callee['call_cancelling'] === true;
  return {
    caller: isDict(r['caller']),
    callee: isDict(r['callee']),
    publisher: isDict(r['publisher']),
    subscriber: isDict(r['subscriber']),
    calleeCanceling,
    calleeProgressiveResults: callee['progressive_call_results'] === true,
    calleeProgressiveInvocations: callee['progressive_call_invocations'] === true,
    calleeTimeout: callee['call_timeout'] === true,
    calleeRevocation: callee['registration_revocation'] === true,
    subscriberRevocation: subscriber['subscription_revocation'] === true,
    calleePassthru: callee['payload_passthru_mode'] === true,
    callerProgressiveInvocations: caller['progressive_call_invocations'] === true,
    callerPassthru: caller['payload_passthru_mode'] === true,
    publisherPassthru: publisher['payload_passthru_mode'] === true,
  };
}

const PASSTHRU_KEYS = [
  'enc_algo', 'enc_serializer', 'enc_key', 'ppt_scheme', 'ppt_serializer', 'ppt_cipher', 'ppt_keyid',
] as const;

/** Copies the payload passthru attributes (`ppt_*`, `enc_*`) from `from` into `to`. */
export function copyPassthru(from: WampDict, to: WampDict): void {
  for (const k of PASSTHRU_KEYS) {
    const v = from[k];
    if (v !== undefined) to[k] = v;
  }
}
