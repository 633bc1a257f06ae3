/**
 * What each WAMP message holds after its type code, for the codec: the fields in order, what each
 * must be, and whether Arguments and ArgumentsKw follow. The messages a router sends and those a
 * client sends are in two modules of their own (`specs-to-client.ts`, `specs-to-router.ts`), so
 * a client carries only the checks of what it receives.
 * @internal
 * @module
 */
import type { WampMessage } from './messages.js';
import * as S from './schemas.js';

/** What a field must be: an id, an integer, a URI, a string, or a dict with these checks. */
export type FieldKind = 'id' | 'int' | 'uri' | 'string' | S.DictSpec;

/** One field of a message. */
export interface FieldSpec {
  /** Property of the typed message. */
  readonly prop: string;
  /** Name in the spec, for errors (`Details`, `Request|id`). */
  readonly label: string;
  readonly kind: FieldKind;
  /** A trailing field that may be absent. */
  readonly optional?: boolean;
}

/** The codec's check of one field: gives the value, or throws the error naming the field. */
export type FieldCheck = (type: string, field: FieldSpec, value: unknown) => unknown;

/** The fields of one message type. */
export interface MessageSpec {
  readonly fields: readonly FieldSpec[];
  /** Arguments|list and ArgumentsKw|dict follow the fields (or a transparent payload). */
  readonly payload: boolean;
  /**
   * A hand-written check of the message's usual form (`hot-decoders.ts`): the message, or
   * `undefined` for the generic decode to give it (or its error). `check` is the codec's check
   * of one field (it throws the error naming the field).
   */
  fast?: (raw: readonly unknown[], check: FieldCheck) => WampMessage | undefined;
}

/** A field. */
export const f = (prop: string, label: string, kind: FieldKind, optional = false): FieldSpec => ({ prop, label, kind, optional });
/** `Request|id`. */
export const req = f('requestId', 'Request|id', 'id');

/** ABORT, sent both ways. */
export const ABORT: MessageSpec = { fields: [f('details', 'Details', S.closeDetails), f('reason', 'Reason|uri', 'uri')], payload: false };
/** GOODBYE, sent both ways. */
export const GOODBYE: MessageSpec = { fields: [f('details', 'Details', S.closeDetails), f('reason', 'Reason|uri', 'uri')], payload: false };
/** ERROR, sent both ways (a Dealer's for CALL, a Callee's for INVOCATION, ...). */
export const ERROR: MessageSpec = {
  fields: [f('requestType', 'REQUEST.Type|int', 'int'), req, f('details', 'Details', S.dict), f('error', 'Error|uri', 'uri')],
  payload: true,
};
