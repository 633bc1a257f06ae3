/**
 * The implementation of `session.meta` (see ./types.ts): calls and subscriptions of the meta
 * procedures and topics, each answer checked with a zod/mini schema and normalized (Nexus's
 * `''` match policy, its count from kill_by_authid, its event history shape). Loaded on first
 * use, so apps that never touch the meta API do not carry it.
 * @internal
 * @module
 */
import * as z from 'zod/mini';
import { WampError } from '../errors.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import type { Session } from '../session/session.js';
import type {
  HistoryEvent, HistoryQuery, IdsByMatch, KillOptions, KillResult, MetaApi, MetaMatch, RegistrationInfo, SessionDetails,
  SessionLeft, SubscriptionInfo, TestamentOptions, TestamentScope,
} from './types.js';

const id = z.number();
const ids = z.array(z.number());
const match = z.pipe(
  z.optional(z.union([z.literal(''), z.literal('exact'), z.literal('prefix'), z.literal('wildcard')])),
  z.transform((m): MetaMatch => (m === undefined || m === '' ? 'exact' : m)),
);
const sessionDetails = z.looseObject({ session: id, authid: z.string(), authrole: z.string(), authmethod: z.optional(z.string()), authprovider: z.optional(z.string()) });
const registrationInfo = z.looseObject({ id, created: z.string(), uri: z.string(), match, invoke: z.optional(z.string()) });
const subscriptionInfo = z.looseObject({ id, created: z.string(), uri: z.string(), match });
const idsByMatch = z.object({ exact: z.optional(ids), prefix: z.optional(ids), wildcard: z.optional(ids) });
const maybeId = z.optional(z.nullable(id));
const historyItem = z.looseObject({
  publication: z.optional(id),
  Publication: z.optional(id),
  subscription: z.optional(id),
  Subscription: z.optional(id),
  topic: z.optional(z.string()),
  timestamp: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
  Details: z.optional(z.record(z.string(), z.unknown())),
  args: z.optional(z.nullable(z.array(z.unknown()))),
  Arguments: z.optional(z.nullable(z.array(z.unknown()))),
  kwargs: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  ArgumentsKw: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
});

/** Checks `value` against `schema`; a mismatch is a `WampError` naming the procedure and the path. */
function check<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return failMeta(what, `${issue?.message ?? 'unexpected value'}${where}`);
}

function failMeta(what: string, why: string): never {
  throw new WampError('wampkit.error.invalid_meta_result', { args: [`${what} answered something unexpected: ${why}`] });
}

/** Builds the Meta API of `session`. */
export function createMeta(session: Session): MetaApi {
  const first = async (procedure: string, args: WampList = [], kwargs: WampDict = {}): Promise<unknown> =>
    (await session.call(procedure, args, kwargs)).args[0];
  const killed = (value: unknown, what: string): KillResult => {
    if (typeof value === 'number') return { count: value };
    const sessions = check(ids, value, what);
    return { count: sessions.length, sessions };
  };
  const killKw = (o: KillOptions = {}): WampDict => ({ ...(o.reason !== undefined ? { reason: o.reason } : {}), ...(o.message !== undefined ? { message: o.message } : {}) });
  const on = <A extends unknown[]>(topic: string, parse: (args: WampList) => A, handler: (...a: A) => void) =>
    session.subscribe(topic, (args) => {
      let parsed: A;
      try {
        parsed = parse(args);
      } catch {
        return; // a meta event of a shape we cannot read is not delivered (never a crash)
      }
      handler(...parsed);
    });
  const pair = (topic: string) => (args: WampList): [number, number] => [check(id, args[0], topic), check(id, args[1], topic)];
  const optId = (v: unknown, what: string): number | undefined => check(maybeId, v, what) ?? undefined;
  const byMatch = (v: unknown, what: string): IdsByMatch => {
    const l = check(idsByMatch, v, what);
    return { exact: l.exact ?? [], prefix: l.prefix ?? [], wildcard: l.wildcard ?? [] };
  };

  return {
    session: {
      count: async (authroles) => check(id, await first('wamp.session.count', authroles ? [[...authroles]] : []), 'wamp.session.count'),
      list: async (authroles) => check(ids, await first('wamp.session.list', authroles ? [[...authroles]] : []), 'wamp.session.list'),
      get: async (sid) => check(sessionDetails, await first('wamp.session.get', [sid]), 'wamp.session.get') as SessionDetails,
      kill: async (sid, options) => void (await session.call('wamp.session.kill', [sid], killKw(options))),
      killByAuthid: async (authid, options) =>
        killed(await first('wamp.session.kill_by_authid', [authid], killKw(options)), 'wamp.session.kill_by_authid'),
      killByAuthrole: async (authrole, options) =>
        killed(await first('wamp.session.kill_by_authrole', [authrole], killKw(options)), 'wamp.session.kill_by_authrole'),
      addTestament: async (topic, args = [], kwargs = {}, options: TestamentOptions = {}) => {
        const kw: WampDict = {};
        if (options.scope !== undefined) kw['scope'] = options.scope;
        if (options.publishOptions !== undefined) kw['publish_options'] = options.publishOptions;
        await session.call('wamp.session.add_testament', [topic, args, kwargs], kw);
      },
      flushTestaments: async (scope?: TestamentScope) => void (await session.call('wamp.session.flush_testaments', [], scope ? { scope } : {})),
      onJoin: (handler) => on('wamp.session.on_join', (a): [SessionDetails] => [check(sessionDetails, a[0], 'wamp.session.on_join') as SessionDetails], handler),
      onLeave: (handler) =>
        on('wamp.session.on_leave', (a): [SessionLeft] => {
          const left: { session: number; authid?: string; authrole?: string } = { session: check(id, a[0], 'wamp.session.on_leave') };
          if (typeof a[1] === 'string') left.authid = a[1];
          if (typeof a[2] === 'string') left.authrole = a[2];
          return [left];
        }, handler),
    },
    registration: {
      list: async () => byMatch(await first('wamp.registration.list'), 'wamp.registration.list'),
      lookup: async (uri, m) => optId(await first('wamp.registration.lookup', m && m !== 'exact' ? [uri, { match: m }] : [uri]), 'wamp.registration.lookup'),
      match: async (uri) => optId(await first('wamp.registration.match', [uri]), 'wamp.registration.match'),
      get: async (rid) => {
        const r = check(registrationInfo, await first('wamp.registration.get', [rid]), 'wamp.registration.get');
        return { ...r, invoke: r.invoke ?? 'single' } as RegistrationInfo;
      },
      listCallees: async (rid) => check(ids, await first('wamp.registration.list_callees', [rid]), 'wamp.registration.list_callees'),
      countCallees: async (rid) => check(id, await first('wamp.registration.count_callees', [rid]), 'wamp.registration.count_callees'),
      onCreate: (handler) =>
        on('wamp.registration.on_create', (a): [number, RegistrationInfo] => {
          const r = check(registrationInfo, a[1], 'wamp.registration.on_create');
          return [check(id, a[0], 'wamp.registration.on_create'), { ...r, invoke: r.invoke ?? 'single' } as RegistrationInfo];
        }, handler),
      onRegister: (handler) => on('wamp.registration.on_register', pair('wamp.registration.on_register'), handler),
      onUnregister: (handler) => on('wamp.registration.on_unregister', pair('wamp.registration.on_unregister'), handler),
      onDelete: (handler) => on('wamp.registration.on_delete', pair('wamp.registration.on_delete'), handler),
    },
    subscription: {
      list: async () => byMatch(await first('wamp.subscription.list'), 'wamp.subscription.list'),
      lookup: async (uri, m) => optId(await first('wamp.subscription.lookup', m && m !== 'exact' ? [uri, { match: m }] : [uri]), 'wamp.subscription.lookup'),
      match: async (uri) => check(z.nullable(ids), await first('wamp.subscription.match', [uri]), 'wamp.subscription.match') ?? [],
      get: async (sid) => check(subscriptionInfo, await first('wamp.subscription.get', [sid]), 'wamp.subscription.get') as SubscriptionInfo,
      listSubscribers: async (sid) => check(ids, await first('wamp.subscription.list_subscribers', [sid]), 'wamp.subscription.list_subscribers'),
      countSubscribers: async (sid) => check(id, await first('wamp.subscription.count_subscribers', [sid]), 'wamp.subscription.count_subscribers'),
      getEvents: async (sid, query: HistoryQuery = {}) => {
        const r = await session.call('wamp.subscription.get_events', [sid], { ...query });
        // The spec answers one list; Nexus answers the events as the positional results.
        const list = r.args.length === 1 && Array.isArray(r.args[0]) ? r.args[0] : r.args;
        return list.map((item): HistoryEvent => {
          const e = check(historyItem, item, 'wamp.subscription.get_events');
          const publication = e.publication ?? e.Publication ?? failMeta('wamp.subscription.get_events', 'an event without a publication id');
          const subscription = e.subscription ?? e.Subscription;
          const topic = e.topic ?? (e.details ?? e.Details)?.['topic'];
          return {
            publication,
            ...(subscription !== undefined ? { subscription } : {}),
            ...(typeof topic === 'string' ? { topic } : {}),
            ...(e.timestamp !== undefined ? { timestamp: e.timestamp } : {}),
            args: e.args ?? e.Arguments ?? [],
            kwargs: e.kwargs ?? e.ArgumentsKw ?? {},
          };
        });
      },
      onCreate: (handler) =>
        on('wamp.subscription.on_create', (a): [number, SubscriptionInfo] => [
          check(id, a[0], 'wamp.subscription.on_create'),
          check(subscriptionInfo, a[1], 'wamp.subscription.on_create') as SubscriptionInfo,
        ], handler),
      onSubscribe: (handler) => on('wamp.subscription.on_subscribe', pair('wamp.subscription.on_subscribe'), handler),
      onUnsubscribe: (handler) => on('wamp.subscription.on_unsubscribe', pair('wamp.subscription.on_unsubscribe'), handler),
      onDelete: (handler) => on('wamp.subscription.on_delete', pair('wamp.subscription.on_delete'), handler),
    },
  };
}
