/**
 * The Publisher role: PUBLISH, and PUBLISHED/ERROR when acknowledged.
 * @module
 */
import { UsageError, WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type { ErrorMessage, PublishedMessage, PublishMessage, WampDict, WampList } from '../protocol/messages.js';
import { PendingRequests } from '../session/pending-requests.js';
import { optionProblem, wampOptions, type CustomAttributes } from './options.js';
import { packPassthru } from './passthru-pack.js';
import type { PassthruOptions } from './passthru.js';
import { invalidUri, type RolePort } from './port.js';

/** `PUBLISH.Options`, named as in the spec. */
export interface PublishOptions {
  /** Ask the Broker to answer PUBLISHED (or ERROR); `publish()` then resolves with the publication id. */
  acknowledge?: boolean;
  /** Whether the publisher itself is excluded from receiving the event. Default (router-side) true. */
  exclude_me?: boolean;
  /** Session ids not to receive the event (black-listing). */
  exclude?: number[];
  /** Authids not to receive the event. */
  exclude_authid?: string[];
  /** Authroles not to receive the event. */
  exclude_authrole?: string[];
  /** Only these session ids receive the event (white-listing). */
  eligible?: number[];
  /** Only these authids receive the event. */
  eligible_authid?: string[];
  /** Only these authroles receive the event. */
  eligible_authrole?: string[];
  /** Ask the Broker to disclose our identity to subscribers. */
  disclose_me?: boolean;
  /** Ask the Broker to retain the event for later subscribers (event retention). */
  retain?: boolean;
  /** Custom attributes (`_[a-z0-9_]{3,}` keys), sent in `PUBLISH.Options` as they are. */
  custom?: CustomAttributes;
  /**
   * Payload Passthru Mode: the Broker forwards the payload without reading it (`ppt_*`
   * options). Refused before sending when the Broker does not announce `payload_passthru_mode`.
   */
  passthru?: PassthruOptions;
}

const PUBLISH_KEYS: ReadonlySet<string> = new Set([
  'acknowledge', 'exclude_me', 'exclude', 'exclude_authid', 'exclude_authrole', 'eligible', 'eligible_authid',
  'eligible_authrole', 'disclose_me', 'retain', 'custom', 'passthru',
]);
const NO_LOCAL_KEYS: ReadonlySet<string> = new Set();
const PASSTHRU_LOCAL: ReadonlySet<string> = new Set(['passthru']);

/**
 * Why a publish would be refused before anything is sent (a bad URI, an unknown option), else
 * `undefined`. Also checked before a publish waits in the offline queue.
 * @internal
 */
export function publishProblem(topic: string, options: PublishOptions): UsageError | undefined {
  return invalidUri(topic) ?? optionProblem('publish', options, PUBLISH_KEYS);
}

/** The Publisher role of one session. */
export class Publisher {
  readonly #port: RolePort;
  readonly #pending = new PendingRequests<number>();

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** Publishes an event. See `Session.publish`. */
  publish(topic: string, args: WampList = [], kwargs: WampDict = {}, options: PublishOptions = {}): Promise<number | undefined> {
    const refused = this.#port.notEstablished() ?? publishProblem(topic, options);
    if (refused) return Promise.reject(refused);
    let message: Omit<PublishMessage, 'requestId'>;
    if (options.passthru === undefined) {
      const wamp = options.custom === undefined ? (options as WampDict) : wampOptions(options, NO_LOCAL_KEYS);
      message = { type: MessageType.PUBLISH, options: wamp, topic, args, kwargs };
    } else {
      if (!this.#port.routerHas('broker', 'payload_passthru_mode')) {
        return Promise.reject(new UsageError(ErrorUri.FEATURE_NOT_SUPPORTED, 'the Broker does not announce payload_passthru_mode'));
      }
      const packed = packPassthru(options.passthru, args, kwargs);
      if (packed instanceof UsageError) return Promise.reject(packed);
      message = { type: MessageType.PUBLISH, options: { ...wampOptions(options, PASSTHRU_LOCAL), ...packed.options }, topic, payload: packed.payload };
    }
    const requestId = this.#port.nextRequestId();
    const send = (): Error | undefined => this.#port.send({ ...message, requestId } as PublishMessage);
    if (options.acknowledge !== true) {
      const failed = send();
      return failed ? Promise.reject(failed) : Promise.resolve(undefined);
    }
    return new Promise<number>((resolve, reject) => this.#pending.addAndSend(requestId, { resolve, reject }, send));
  }

  /** Handles PUBLISHED. */
  onPublished(msg: PublishedMessage): void {
    this.#pending.take(msg.requestId)?.resolve(msg.publication);
  }

  /** Handles ERROR for PUBLISH. */
  onError(msg: ErrorMessage): void {
    this.#pending.take(msg.requestId)?.reject(new WampError(msg.error, { args: msg.args, kwargs: msg.kwargs, details: msg.details }));
  }

  /** Rejects every outstanding acknowledged publish. */
  rejectAll(error: Error): void {
    this.#pending.rejectAll(error);
  }
}
