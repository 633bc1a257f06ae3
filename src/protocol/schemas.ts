/**
 * zod schemas of the Options and Details dictionaries that wampkit reads. Known keys are typed;
 * unknown keys pass through (the spec lets peers add their own, `x_` prefixed or not).
 * @internal
 * @module
 */
import * as z from 'zod/mini';

/** An id: an integer in [0, 2^53]. */
// Not z.int(): it stops at 2^53 - 1, and the spec's ids reach 2^53.
export const id = z.number().check(z.multipleOf(1), z.gte(0), z.lte(2 ** 53));
const ids = z.array(id);
const strings = z.array(z.string());
const bool = z.optional(z.boolean());
const str = z.optional(z.string());
const forwardFor = z.optional(
  z.array(z.looseObject({ session: id, authid: z.string(), authrole: z.string() })),
);
const encAlgo = z.optional(
  z.union([z.enum(['cryptobox', 'mqtt', 'xbr']), z.string().check(z.startsWith('x_'))]),
);
const encryption = {
  enc_algo: encAlgo,
  enc_serializer: str,
  enc_key: str,
  ppt_scheme: str,
  ppt_serializer: str,
  ppt_cipher: str,
  ppt_keyid: str,
};
const match = z.optional(z.enum(['exact', 'prefix', 'wildcard']));
const cancelMode = z.optional(z.enum(['skip', 'kill', 'killnowait']));
const invoke = z.optional(z.enum(['single', 'roundrobin', 'random', 'first', 'last']));

/** A dictionary whose known keys are typed. */
export type DictSchema = z.ZodMiniType<Record<string, unknown>>;

const anyDict: DictSchema = z.record(z.string(), z.unknown());

export const helloDetails: DictSchema = z.looseObject({
  roles: z.record(z.string(), z.record(z.string(), z.unknown())),
  authmethods: z.optional(strings),
  authid: str,
  authrole: str,
  authextra: z.optional(anyDict),
  agent: str,
});
export const welcomeDetails: DictSchema = z.looseObject({
  roles: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
  authid: str,
  authrole: z.optional(z.union([z.string(), strings])),
  authmethod: str,
  authprovider: str,
  authextra: z.optional(anyDict),
  agent: str,
  realm: str,
});
export const closeDetails: DictSchema = z.looseObject({ message: str });
export const dict: DictSchema = anyDict;
export const publishOptions: DictSchema = z.looseObject({
  acknowledge: bool,
  exclude_me: bool,
  exclude: z.optional(ids),
  exclude_authid: z.optional(strings),
  exclude_authrole: z.optional(strings),
  eligible: z.optional(ids),
  eligible_authid: z.optional(strings),
  eligible_authrole: z.optional(strings),
  retain: bool,
  disclose_me: bool,
  transaction_hash: str,
  forward_for: forwardFor,
  ...encryption,
});
export const subscribeOptions: DictSchema = z.looseObject({
  match,
  get_retained: bool,
  forward_for: forwardFor,
});
export const eventDetails: DictSchema = z.looseObject({
  publisher: z.optional(id),
  publisher_authid: str,
  publisher_authrole: str,
  topic: str,
  retained: bool,
  transaction_hash: str,
  x_acknowledged_delivery: bool,
  forward_for: forwardFor,
  ...encryption,
});
export const callOptions: DictSchema = z.looseObject({
  receive_progress: bool,
  progress: bool,
  timeout: z.optional(z.number().check(z.gte(0))),
  disclose_me: bool,
  forward_for: forwardFor,
  ...encryption,
});
export const cancelOptions: DictSchema = z.looseObject({ mode: cancelMode });
export const resultDetails: DictSchema = z.looseObject({ progress: bool, forward_for: forwardFor, ...encryption });
export const registerOptions: DictSchema = z.looseObject({
  match,
  invoke,
  disclose_caller: bool,
  force_reregister: bool,
  concurrency: z.optional(z.number().check(z.int(), z.gte(0))),
  forward_for: forwardFor,
});
export const invocationDetails: DictSchema = z.looseObject({
  receive_progress: bool,
  progress: bool,
  caller: z.optional(id),
  caller_authid: str,
  caller_authrole: str,
  procedure: str,
  timeout: z.optional(z.number().check(z.gte(0))),
  trustlevel: z.optional(z.number().check(z.int())),
  forward_for: forwardFor,
  ...encryption,
});
export const interruptOptions: DictSchema = z.looseObject({ mode: cancelMode, reason: str });
export const yieldOptions: DictSchema = z.looseObject({ progress: bool, forward_for: forwardFor, ...encryption });
export const revocationDetails: DictSchema = z.looseObject({
  reason: str,
  subscription: z.optional(id),
  registration: z.optional(id),
});
