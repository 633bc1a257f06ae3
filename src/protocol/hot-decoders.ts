/**
 * Hand-written checks of the messages a busy client receives most (EVENT, INVOCATION, RESULT) in
 * their usual form: two ids (one for RESULT), a Details dict checked by the codec's own check of
 * that field, and a plain payload. Each builds its message as one literal (one shape per type),
 * where the generic decode adds the fields one by one through its table: in process, about 40 %
 * less time per message (~60–75 ns less per EVENT, with empty details or Crossbar.io's publisher
 * details; ~40 ns less per RESULT).
 *
 * They accept only what the generic decode accepts, and give the same message. Anything else (a
 * passthru or encrypted payload, a field out of spec, a length out of range) gives `undefined`,
 * and the generic decode runs: it gives the message, or the {@link wampkit!ProtocolError} naming
 * the field (a Details dict out of spec throws that same error from the codec's check here).
 * `test/unit/codec/hot-decoders.test.ts` compares both on generated and mutated messages.
 *
 * They come with the role module; the session installs them when that has loaded (an app that
 * only calls keeps the generic decode and a smaller start bundle).
 * @internal
 * @module
 */
import { MessageType } from './message-type.js';
import type { FieldCheck, FieldSpec, MessageSpec } from './message-specs.js';
import type { EventMessage, InvocationMessage, ResultMessage, WampDict, WampMessage } from './messages.js';

// `MAX_ID` (ids.ts) and `isDict` (schemas.ts) again, on purpose: importing them into this lazy
// chunk moves their modules into a chunk shared with the start bundle (+153 B gzipped with Vite).
const MAX_ID = 2 ** 53;
const isDict = (v: unknown): v is WampDict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID;

/**
 * A Details dict in the usual form (no passthru or encrypted payload), checked by the codec's own
 * check of the field (which throws the generic decode's error when it fails).
 */
function plainDetails(v: unknown, type: string, field: FieldSpec, check: FieldCheck): v is WampDict {
  return isDict(v) && v['ppt_scheme'] === undefined && v['enc_algo'] === undefined && check(type, field, v) === v;
}

/** `[EVENT, Subscription|id, Publication|id, Details|dict, Arguments|list?, ArgumentsKw|dict?]` */
function event(raw: readonly unknown[], check: FieldCheck, field: FieldSpec): EventMessage | undefined {
  const n = raw.length;
  const subscription = raw[1];
  const publication = raw[2];
  const details = raw[3];
  const args = raw[4];
  const kwargs = raw[5];
  if (n < 4 || n > 6 || !isId(subscription) || !isId(publication) || !plainDetails(details, 'EVENT', field, check)) return undefined;
  const type = MessageType.EVENT;
  if (args === undefined) return { type, subscription, publication, details };
  if (!Array.isArray(args)) return undefined;
  if (kwargs === undefined) return { type, subscription, publication, details, args };
  return isDict(kwargs) ? { type, subscription, publication, details, args, kwargs } : undefined;
}

/** `[INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, Arguments|list?, ArgumentsKw|dict?]` */
function invocation(raw: readonly unknown[], check: FieldCheck, field: FieldSpec): InvocationMessage | undefined {
  const n = raw.length;
  const requestId = raw[1];
  const registration = raw[2];
  const details = raw[3];
  const args = raw[4];
  const kwargs = raw[5];
  if (n < 4 || n > 6 || !isId(requestId) || !isId(registration) || !plainDetails(details, 'INVOCATION', field, check)) return undefined;
  const type = MessageType.INVOCATION;
  if (args === undefined) return { type, requestId, registration, details };
  if (!Array.isArray(args)) return undefined;
  if (kwargs === undefined) return { type, requestId, registration, details, args };
  return isDict(kwargs) ? { type, requestId, registration, details, args, kwargs } : undefined;
}

/** `[RESULT, CALL.Request|id, Details|dict, Arguments|list?, ArgumentsKw|dict?]` */
function result(raw: readonly unknown[], check: FieldCheck, field: FieldSpec): ResultMessage | undefined {
  const n = raw.length;
  const requestId = raw[1];
  const details = raw[2];
  const args = raw[3];
  const kwargs = raw[4];
  if (n < 3 || n > 5 || !isId(requestId) || !plainDetails(details, 'RESULT', field, check)) return undefined;
  const type = MessageType.RESULT;
  if (args === undefined) return { type, requestId, details };
  if (!Array.isArray(args)) return undefined;
  if (kwargs === undefined) return { type, requestId, details, args };
  return isDict(kwargs) ? { type, requestId, details, args, kwargs } : undefined;
}

/** The hot decoders by message type; each takes the codec's check of a field and its spec's Details field. */
export const HOT_DECODERS: ReadonlyArray<readonly [number, (raw: readonly unknown[], check: FieldCheck, details: FieldSpec) => WampMessage | undefined]> = [
  [MessageType.EVENT, event],
  [MessageType.INVOCATION, invocation],
  [MessageType.RESULT, result],
];

/**
 * Puts the hot decoders on the specs of the messages a router sends (`SPECS_TO_CLIENT`, given
 * by the session when the role module has loaded, so this chunk imports nothing of the start
 * bundle's for it). Installing twice is harmless.
 */
export function installHotDecoders(specs: ReadonlyMap<number, MessageSpec>): void {
  for (const [code, decode] of HOT_DECODERS) {
    const spec = specs.get(code) as MessageSpec;
    const details = spec.fields.find((f) => f.prop === 'details')!;
    spec.fast = (raw, check) => decode(raw, check, details);
  }
}
