/**
 * Contracts: a procedure's or topic's URI with schemas for its payload, shared by both sides.
 * `session.call(contract, …)`, `callStream`, `register(contract, …)`, `publish(contract, …)` and
 * `subscribe(contract, …)` infer every type from the schemas and check at run time:
 *
 * - the caller and the publisher check args and kwargs before anything is sent (`UsageError`
 *   `wamp.error.invalid_argument`);
 * - the callee checks them before its handler runs: a bad call gets ERROR
 *   `wamp.error.invalid_argument` whose kwargs carry the issues (`{ issues: [{ path, message }] }`),
 *   and the handler never sees it; it checks its own result too;
 * - the caller checks the result (`WampError` `wampkit.error.invalid_result`) and each progressive
 *   chunk (a bad chunk is reported to `onError` and skipped);
 * - the subscriber checks each event: a bad one is reported to `onError`, not delivered.
 *
 * The wire carries what a schema accepts (its input) and each side gets what it produces (its
 * output), so a transforming schema works end to end. Events and progressive values keep their
 * order even when a schema checks asynchronously, and a result comes after its progressive values;
 * a subscriber's async handler holds no later event back (as with the plain API).
 *
 * Schemas are any Standard Schema (zod, zod/mini, valibot, arktype). `validate: false` turns the
 * checks off for a hot path (the types stay). A contract is data plus the code that applies it,
 * so a browser app and a Node service import the same module; apps without contracts carry none
 * of this code.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * export const add = defineProcedure({
 *   uri: 'com.example.add',
 *   args: z.tuple([z.number(), z.number()]),
 *   result: z.number(),
 * });
 * // callee: await session.register(add, ([a, b]) => a + b);
 * // caller: const sum: number = await session.call(add, [2, 3]);
 * ```
 * @module
 */
import { UsageError, WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import type { CallOptions } from '../roles/caller.js';
import type { InvocationContext, RegisterOptions, Registration } from '../roles/callee.js';
import type { PublishOptions } from '../roles/publisher.js';
import type { EventDetails, SubscribeOptions, Subscription } from '../roles/subscriber.js';
import type { Session } from '../session/session.js';
import { AsyncQueue } from '../util/async-queue.js';
import { describeIssues, runSchema, type ContractIssue, type SchemaInput, type StandardSchema } from './standard-schema.js';

/** A schema of positional payload (its output is a list), or none. */
export type ArgsSchema = StandardSchema<readonly unknown[], readonly unknown[]> | undefined;
/** A schema of keyword payload (its output is a dict), or none. */
export type KwargsSchema = StandardSchema<Record<string, unknown>, Record<string, unknown>> | undefined;
/** A schema of one value, or none. */
export type ValueSchema = StandardSchema | undefined;

/** What a caller or publisher passes as args under `SA` (any list without a schema). */
export type ArgsInput<SA extends ArgsSchema> = SchemaInput<SA, WampList>;
/** What a caller or publisher passes as kwargs under `SK` (any dict without a schema). */
export type KwargsInput<SK extends KwargsSchema> = SchemaInput<SK, WampDict>;

/**
 * The parameters after a contract: `args`, `kwargs`, then `options`. Each payload part is
 * optional exactly when an empty one passes its schema (no schema, `z.tuple([])`, an object of
 * optional keys); `args` is required whenever `kwargs` is, since it comes first.
 */
export type ContractPayload<SA extends ArgsSchema, SK extends KwargsSchema, O> = {} extends KwargsInput<SK>
  ? [] extends ArgsInput<SA>
    ? [args?: ArgsInput<SA>, kwargs?: KwargsInput<SK>, options?: O]
    : [args: ArgsInput<SA>, kwargs?: KwargsInput<SK>, options?: O]
  : [args: ArgsInput<SA>, kwargs: KwargsInput<SK>, options?: O];

/** Like {@link ContractPayload} with `options` required (`kwargs` may be `undefined` only when an empty one passes). */
export type ContractPayloadWith<SA extends ArgsSchema, SK extends KwargsSchema, O> = {} extends KwargsInput<SK>
  ? [args: ArgsInput<SA>, kwargs: KwargsInput<SK> | undefined, options: O]
  : [args: ArgsInput<SA>, kwargs: KwargsInput<SK>, options: O];

/** A procedure's URI and the schemas of its args, kwargs, result and progressive results. */
export interface ProcedureContract<SA extends ArgsSchema = ArgsSchema, SK extends KwargsSchema = KwargsSchema, SR extends ValueSchema = ValueSchema, SP extends ValueSchema = ValueSchema> {
  /** `'procedure'` */
  readonly kind: 'procedure';
  /** The procedure URI. */
  readonly uri: string;
  /** Schema of the positional arguments (a tuple or array schema). */
  readonly args: SA;
  /** Schema of the keyword arguments (an object schema). */
  readonly kwargs: SK;
  /** Schema of the result: the first positional result, what a handler returns. */
  readonly result: SR;
  /** Schema of each progressive result (the first positional item of each chunk). */
  readonly progress: SP;
  /** Whether the schemas are checked at run time (default true). */
  readonly validate: boolean;
}

/** A topic's URI and the schemas of its events' args and kwargs. */
export interface TopicContract<SA extends ArgsSchema = ArgsSchema, SK extends KwargsSchema = KwargsSchema> {
  /** `'topic'` */
  readonly kind: 'topic';
  /** The topic URI. */
  readonly uri: string;
  /** Schema of the events' positional payload. */
  readonly args: SA;
  /** Schema of the events' keyword payload. */
  readonly kwargs: SK;
  /** Whether the schemas are checked at run time (default true). */
  readonly validate: boolean;
}

/** A callee's context under a contract: `progress(value)` sends one checked progressive result. */
export interface ContractInvocationContext<P> extends Omit<InvocationContext, 'progress'> {
  /** Sends a progressive result (when the caller asked for them). */
  progress(value: P): void;
}

/** Options of a contract call: `onProgress` receives checked progressive values. */
export interface ContractCallOptions<P> extends Omit<CallOptions, 'onProgress'> {
  /** Called with each progressive result's value, checked against the contract. */
  onProgress?: (value: P) => void;
}

/** A contract call with progressive results: an async iterable of the checked progress values, and the result. */
export interface ContractStream<P, R> extends AsyncIterable<P> {
  /** The checked final result. */
  readonly result: Promise<R>;
}

/** How the session hands itself to a contract: the session and its error reporter. @internal */
export interface ContractHost {
  readonly session: Session;
  readonly report: (error: unknown, where: string) => void;
}

/** The code a contract carries (not enumerable: the contract reads as data). @internal */
export interface ProcedureRuntime {
  call(host: ContractHost, args: unknown, kwargs: unknown, options: ContractCallOptions<unknown> | undefined): Promise<unknown>;
  callStream(host: ContractHost, args: unknown, kwargs: unknown, options: ContractCallOptions<unknown> | undefined): ContractStream<unknown, unknown>;
  register(host: ContractHost, handler: (args: never, kwargs: never, ctx: never) => unknown, options: RegisterOptions | undefined): Promise<Registration>;
}

/** The code a topic contract carries. @internal */
export interface TopicRuntime {
  publish(host: ContractHost, args: unknown, kwargs: unknown, options: PublishOptions | undefined): Promise<number | undefined>;
  subscribe(host: ContractHost, handler: (args: never, kwargs: never, details: EventDetails) => unknown, options: SubscribeOptions | undefined): Promise<Subscription>;
}

/** The key under which a contract carries its code. @internal */
export const RUNTIME = '~wampkit';

type Checked = { ok: true; value: unknown } | { ok: false; issues: ContractIssue[] };

type Payload = { args: WampList; kwargs: WampDict } | ContractIssue[];

/**
 * Checks args and kwargs together: synchronously when both schemas are (so a request made right
 * after another is sent after it), else as a promise.
 */
function checkPayload(c: { args: ArgsSchema; kwargs: KwargsSchema }, args: unknown, kwargs: unknown): Payload | Promise<Payload> {
  const a = runSchema(c.args, args ?? [], 'args');
  const k = runSchema(c.kwargs, kwargs ?? {}, 'kwargs');
  const combine = (x: Checked, y: Checked): Payload => {
    const issues = [...(x.ok ? [] : x.issues), ...(y.ok ? [] : y.issues)];
    if (issues.length > 0) return issues;
    return { args: (x as { value: WampList }).value, kwargs: (y as { value: WampDict }).value };
  };
  if (a instanceof Promise || k instanceof Promise) return Promise.all([a, k]).then(([x, y]) => combine(x, y));
  return combine(a, k);
}

/** Runs `then` with the checked payload: at once when it is known, else when it resolves. */
function withPayload<T>(p: Payload | Promise<Payload>, then: (p: Payload) => T | Promise<T>): Promise<T> {
  try {
    return p instanceof Promise ? p.then(then) : Promise.resolve(then(p));
  } catch (error) {
    return Promise.reject(error);
  }
}

function invalidResult(uri: string, what: string, issues: ContractIssue[]): WampError {
  return new WampError('wampkit.error.invalid_result', {
    args: [`${what} of ${uri} does not match its contract: ${describeIssues(issues)}`],
    kwargs: { issues },
  });
}

function procedureRuntime(c: ProcedureContract): ProcedureRuntime {
  const checkResult = async (value: unknown, what: string): Promise<unknown> => {
    if (!c.validate) return value;
    const r: Checked = await runSchema(c.result, value, 'result');
    if (!r.ok) throw invalidResult(c.uri, what, r.issues);
    return r.value;
  };
  /**
   * Progress values checked before `deliver` sees them; a bad one is reported and skipped. With
   * an asynchronous schema the checks run at once but deliver in arrival order, and `settled()`
   * waits for those still running (the result waits for it, so no chunk comes after it).
   */
  const progressFilter = (host: ContractHost, deliver: (value: unknown) => void) => {
    const order = new InOrder();
    const use = (x: Checked): void => {
      if (x.ok) deliver(x.value);
      else host.report(invalidResult(c.uri, 'a progressive result', x.issues), `progress of ${c.uri}`);
    };
    const filter = (chunk: { args: WampList }): void => {
      const value = chunk.args[0];
      if (!c.validate || c.progress === undefined) {
        order.run(undefined, () => deliver(value));
        return;
      }
      order.run(runSchema(c.progress, value, 'progress'), use, (e) => host.report(e, `progress of ${c.uri}`));
    };
    return { filter, settled: () => order.settled() };
  };
  /** Sends (through `send`) once the args are checked: in the same tick when the schemas are synchronous. */
  const afterArgs = <T>(args: unknown, kwargs: unknown, send: () => Promise<T>): Promise<T> => {
    if (!c.validate) return send();
    return withPayload(checkPayload(c, args, kwargs), (r) => {
      if (Array.isArray(r)) throw new UsageError(ErrorUri.INVALID_ARGUMENT, `${c.uri}: ${describeIssues(r)}`);
      return send();
    });
  };
  /** CallOptions for the plain call, and the promise of the call's checked result (after every progressive value). */
  const plainCall = (host: ContractHost, args: unknown, kwargs: unknown, options: ContractCallOptions<unknown> | undefined): Promise<unknown> => {
    const { onProgress, ...rest } = options ?? {};
    const progress = onProgress ? progressFilter(host, onProgress) : undefined;
    const opts: CallOptions = progress ? { ...rest, onProgress: progress.filter } : rest;
    const sent = afterArgs(args, kwargs, () => host.session.call(c.uri, args as WampList, kwargs as WampDict, opts));
    if (!progress) return sent.then((r) => checkResult(r.args[0], 'the result'));
    return sent.then(
      (r) => progress.settled().then(() => checkResult(r.args[0], 'the result')),
      (e: unknown) => progress.settled().then(() => Promise.reject(e)),
    );
  };
  return {
    call(host, args, kwargs, options) {
      return plainCall(host, args, kwargs, options);
    },
    callStream(host, args, kwargs, options) {
      const queue = new AsyncQueue<unknown>();
      const user = options?.onProgress;
      const result = plainCall(host, args, kwargs, { ...options, onProgress: (v: unknown) => (queue.push(v), user?.(v)) });
      result.then(() => queue.end(), (e: unknown) => queue.fail(e));
      return { result, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
    },
    register(host, handler, options) {
      const run = handler as unknown as (a: unknown, k: unknown, ctx: ContractInvocationContext<unknown>) => unknown;
      return host.session.register(
        c.uri,
        async (args, kwargs, ctx) => {
          let a: unknown = args;
          let k: unknown = kwargs;
          if (c.validate) {
            const r = await checkPayload(c, args, kwargs);
            if (Array.isArray(r)) {
              throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: [`${c.uri}: ${describeIssues(r)}`], kwargs: { issues: r } });
            }
            a = r.args;
            k = r.kwargs;
          }
          // Progressive values go out in order once checked (a bad one is the callee's own bug:
          // said in its onError, not sent); the result waits for them.
          const order = new InOrder();
          const context = Object.create(ctx, {
            progress: {
              value: (value: unknown) => {
                if (!c.validate || c.progress === undefined) return order.run(undefined, () => ctx.progress([value]));
                const send = (x: Checked): void => {
                  if (x.ok) ctx.progress([value]);
                  else host.report(invalidResult(c.uri, 'a progressive result', x.issues), `progress of ${c.uri}`);
                };
                order.run(runSchema(c.progress, value, 'progress'), send, (e) => host.report(e, `progress of ${c.uri}`));
              },
            },
          }) as ContractInvocationContext<unknown>;
          const value = await run(a, k, context);
          await order.settled();
          // What goes on the wire is what the handler returned (the schema's input), checked.
          await checkResult(value, "the callee's result");
          return value;
        },
        options,
      );
    },
  };
}

function topicRuntime(c: TopicContract): TopicRuntime {
  return {
    publish(host, args, kwargs, options) {
      const send = () => host.session.publish(c.uri, args as WampList, kwargs as WampDict, options);
      if (!c.validate) return send();
      return withPayload(checkPayload(c, args, kwargs), (r) => {
        if (Array.isArray(r)) throw new UsageError(ErrorUri.INVALID_ARGUMENT, `${c.uri}: ${describeIssues(r)}`);
        return send();
      });
    },
    subscribe(host, handler, options) {
      const deliver = handler as unknown as (a: unknown, k: unknown, d: EventDetails) => unknown;
      const where = `event handler for ${c.uri}`;
      // Events keep their order even when a schema checks asynchronously; a handler's own work
      // (an async handler) holds nothing back, as with the plain API.
      const order = new InOrder();
      return host.session.subscribe(
        c.uri,
        (args, kwargs, details) => {
          if (!c.validate) return deliver(args, kwargs, details);
          const use = (r: Payload): unknown => {
            if (!Array.isArray(r)) return deliver(r.args, r.kwargs, details);
            host.report(invalidResult(c.uri, `event ${details.publication}`, r), `event on ${c.uri}`);
            return undefined;
          };
          return order.run(checkPayload(c, args, kwargs), use, (e) => host.report(e, where));
        },
        options,
      );
    },
  };
}

/**
 * Runs steps in arrival order when each waits for a check: a step whose check is done and that
 * has none before it still waiting runs at once (same tick, its return value passed back);
 * otherwise it runs after the ones before it. What a step returns is not awaited.
 */
class InOrder {
  #tail: Promise<void> | undefined;

  /** Runs `step(checked)` in order; `onError` gets what a delayed step throws or rejects with. */
  run<T>(checked: T | Promise<T>, step: (value: T) => unknown, onError?: (e: unknown) => void): unknown {
    if (this.#tail === undefined && !(checked instanceof Promise)) return step(checked);
    const report = onError ?? (() => undefined);
    const next: Promise<void> = (this.#tail ?? Promise.resolve())
      .then(() => checked)
      .then((value) => {
        const r = step(value);
        if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') (r as PromiseLike<unknown>).then(undefined, report);
      })
      .catch(report)
      .finally(() => {
        if (this.#tail === next) this.#tail = undefined;
      });
    this.#tail = next;
    return undefined;
  }

  /** Resolves once every step made so far has run. */
  settled(): Promise<void> {
    return this.#tail ?? Promise.resolve();
  }
}

/**
 * Defines a procedure contract.
 *
 * @param spec - `uri`, and schemas for `args` (a tuple/array schema), `kwargs` (an object
 *   schema), `result` (the value a handler returns) and `progress` (each progressive value);
 *   `validate: false` skips the run-time checks (types stay).
 * @throws `TypeError` when `uri` is not a string.
 */
export function defineProcedure<SA extends ArgsSchema = undefined, SK extends KwargsSchema = undefined, SR extends ValueSchema = undefined, SP extends ValueSchema = undefined>(spec: {
  readonly uri: string;
  readonly args?: SA;
  readonly kwargs?: SK;
  readonly result?: SR;
  readonly progress?: SP;
  readonly validate?: boolean;
}): ProcedureContract<SA, SK, SR, SP> {
  if (typeof spec.uri !== 'string') throw new TypeError('defineProcedure: uri must be a string');
  const contract = {
    kind: 'procedure' as const,
    uri: spec.uri,
    args: spec.args as SA,
    kwargs: spec.kwargs as SK,
    result: spec.result as SR,
    progress: spec.progress as SP,
    validate: spec.validate ?? true,
  };
  Object.defineProperty(contract, RUNTIME, { value: procedureRuntime(contract) });
  return Object.freeze(contract);
}

/**
 * Defines a topic contract.
 *
 * @param spec - `uri`, and schemas for the events' `args` and `kwargs`; `validate: false` skips
 *   the run-time checks.
 * @throws `TypeError` when `uri` is not a string.
 */
export function defineTopic<SA extends ArgsSchema = undefined, SK extends KwargsSchema = undefined>(spec: {
  readonly uri: string;
  readonly args?: SA;
  readonly kwargs?: SK;
  readonly validate?: boolean;
}): TopicContract<SA, SK> {
  if (typeof spec.uri !== 'string') throw new TypeError('defineTopic: uri must be a string');
  const contract = { kind: 'topic' as const, uri: spec.uri, args: spec.args as SA, kwargs: spec.kwargs as SK, validate: spec.validate ?? true };
  Object.defineProperty(contract, RUNTIME, { value: topicRuntime(contract) });
  return Object.freeze(contract);
}
