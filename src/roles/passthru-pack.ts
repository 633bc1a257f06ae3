/**
 * Packs Payload Passthru Mode payloads (see `passthru.ts`): loaded with the role module, so an app
 * that never sends one does not carry it.
 * @internal
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { PassthruOptions } from './passthru.js';
import type { WampDict, WampList, WampPayload } from '../protocol/messages.js';
/**
 * Packs a payload for passthru.
 * @returns the `ppt_*` options and the payload, or the UsageError explaining what is wrong.
 */
export function packPassthru(ppt: PassthruOptions, args: WampList | undefined, kwargs: WampDict | undefined): { options: WampDict; payload: WampPayload } | UsageError {
  if (typeof ppt.scheme !== 'string' || ppt.scheme === '') return new UsageError(ErrorUri.INVALID_ARGUMENT, 'passthru.scheme must be a non-empty string');
  const options: WampDict = { ppt_scheme: ppt.scheme };
  if (ppt.serializer !== undefined) options['ppt_serializer'] = ppt.serializer;
  if (ppt.cipher !== undefined) options['ppt_cipher'] = ppt.cipher;
  if (ppt.keyid !== undefined) options['ppt_keyid'] = ppt.keyid;
  const hasPayload = (args !== undefined && args.length > 0) || (kwargs !== undefined && Object.keys(kwargs).length > 0);
  if (ppt.payload !== undefined) {
    if (hasPayload) return new UsageError(ErrorUri.INVALID_ARGUMENT, 'with passthru.payload, args and kwargs must be empty');
    return { options, payload: ppt.payload };
  }
  if (ppt.cipher !== undefined) {
    return new UsageError(ErrorUri.INVALID_ARGUMENT, 'with passthru.cipher, encrypt the payload yourself and pass it as passthru.payload');
  }
  const body: WampDict = { args: args ?? [], kwargs: kwargs ?? {} };
  if (ppt.serializer === undefined || ppt.serializer === 'native') return { options, payload: body };
  if (ppt.serializer === 'json') {
    try {
      return { options, payload: JSON.stringify(body) };
    } catch (e) {
      return new UsageError(ErrorUri.INVALID_ARGUMENT, `the payload cannot be JSON-encoded: ${(e as Error).message}`);
    }
  }
  return new UsageError(
    ErrorUri.INVALID_ARGUMENT,
    `wampkit packs passthru payloads for the native and json serializers; encode for ${ppt.serializer} yourself and pass passthru.payload`,
  );
}

