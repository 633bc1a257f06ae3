/**
 * Builders of the ERROR messages the router sends, so that every error carries a readable
 * message in `Arguments[0]`.
 * @internal
 * @module
 */
import { MessageType } from '../protocol/message-type.js';
import type { ErrorMessage, WampDict } from '../protocol/messages.js';

/**
 * An ERROR answering request `requestId` of type `requestType`.
 *
 * @param requestType - the type code of the request answered (SUBSCRIBE, CALL, …).
 * @param requestId - its request id.
 * @param uri - the error URI.
 * @param message - a human-readable explanation, sent as `Arguments[0]`.
 * @param kwargs - extra keyword payload.
 */
export function errorReply(
  requestType: number,
  requestId: number,
  uri: string,
  message?: string,
  kwargs?: WampDict,
): ErrorMessage {
  const m: ErrorMessage = { type: MessageType.ERROR, requestType, requestId, details: {}, error: uri };
  if (message !== undefined) m.args = [message];
  if (kwargs !== undefined) m.kwargs = kwargs;
  return m;
}
