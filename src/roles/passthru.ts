/**
 * Payload Passthru Mode (spec "Payload Passthru Mode"): a payload the router forwards without
 * reading, named by `ppt_scheme` (and `ppt_serializer`, `ppt_cipher`, `ppt_keyid`), sent as one
 * item inside `Arguments`. wampkit packs and unpacks `{ args, kwargs }` itself for the
 * `native` serializer (the object as it is, as wampy.js does) and `json` (a JSON string); for
 * any other serializer or a cipher (end-to-end encryption) the application passes the bytes
 * (`passthru.payload`) and receives them (`details.passthru.payload`). Packing is in
 * `passthru-pack.ts`, loaded with the role module.
 * @module
 */
import type { WampDict, WampList, WampPayload } from '../protocol/messages.js';

/** Payload Passthru Mode for one CALL, PUBLISH or result: how the payload travels. */
export interface PassthruOptions {
  /** `ppt_scheme`: the payload's scheme (`wamp`, `mqtt`, `x_…`, a key provider). Required, non-empty. */
  readonly scheme: string;
  /**
   * `ppt_serializer`: how the payload is encoded. wampkit packs `args`/`kwargs` itself for
   * `native` (default) and `json`; for anything else pass {@link PassthruOptions.payload}.
   */
  readonly serializer?: string;
  /** `ppt_cipher`: the cipher the payload is encrypted with (then pass the encrypted `payload`). */
  readonly cipher?: string;
  /** `ppt_keyid`: the id of the key it is encrypted with. */
  readonly keyid?: string;
  /** The payload itself, when you encode (or encrypt) it; then args and kwargs must be empty. */
  readonly payload?: Uint8Array | string;
}

/** A passthru payload as received: its attributes, the payload, and whether wampkit unpacked it. */
export interface ReceivedPassthru {
  /** `ppt_scheme` */
  readonly scheme: string;
  /** `ppt_serializer`, when given. */
  readonly serializer: string | undefined;
  /** `ppt_cipher`, when given. */
  readonly cipher: string | undefined;
  /** `ppt_keyid`, when given. */
  readonly keyid: string | undefined;
  /** The payload as it arrived (bytes, a string, or the `native` object). */
  readonly payload: Uint8Array | string | WampDict;
  /** Whether wampkit unpacked it into args and kwargs (`native` and `json` without a cipher). */
  readonly unpacked: boolean;
}

const EMPTY_LIST: WampList = Object.freeze([]) as unknown as WampList;
const EMPTY_DICT: WampDict = Object.freeze({}) as WampDict;

/** Unpacks a received passthru payload into args and kwargs where wampkit can. */
export function unpackPassthru(details: WampDict, payload: WampPayload): { args: WampList; kwargs: WampDict; passthru: ReceivedPassthru } {
  const str = (k: string): string | undefined => (typeof details[k] === 'string' ? (details[k] as string) : undefined);
  const serializer = str('ppt_serializer');
  const cipher = str('ppt_cipher');
  const info = { scheme: str('ppt_scheme') ?? str('enc_algo') ?? '', serializer, cipher, keyid: str('ppt_keyid') };
  let body: unknown;
  if (cipher === undefined) {
    if ((serializer === undefined || serializer === 'native') && isDict(payload)) body = payload;
    else if (serializer === 'json' && (typeof payload === 'string' || payload instanceof Uint8Array)) {
      try {
        body = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload));
      } catch {
        body = undefined;
      }
    }
  }
  if (isDict(body)) {
    const a = body['args'];
    const k = body['kwargs'];
    if ((a === undefined || a === null || Array.isArray(a)) && (k === undefined || k === null || isDict(k))) {
      return { args: (a as WampList | null) ?? EMPTY_LIST, kwargs: (k as WampDict | null) ?? EMPTY_DICT, passthru: { ...info, payload, unpacked: true } };
    }
  }
  return { args: EMPTY_LIST, kwargs: EMPTY_DICT, passthru: { ...info, payload, unpacked: false } };
}

function isDict(v: unknown): v is WampDict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}
