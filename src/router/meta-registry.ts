/**
 * The Registration and Subscription Meta API of a realm (`wamp.registration.*`,
 * `wamp.subscription.*`: list, lookup, match, get, list_callees / list_subscribers,
 * count_callees / count_subscribers), with the spec's argument shapes, as router-internal
 * procedures. Who may call them is the authorizer's business (admin roles by default).
 * @internal
 * @module
 */
import { WampError } from '../errors.js';
import type { WampList } from '../protocol/messages.js';
import type { MatchPolicy } from '../protocol/uri.js';
import { eventItem, queryEvents } from './event-history.js';
import type { Realm } from './realm.js';

function idArg(args: WampList, what: string): number {
  const id = args[0];
  if (typeof id !== 'number') throw new WampError('wamp.error.invalid_argument', { args: [`expected a ${what} id`] });
  return id;
}

function uriArg(args: WampList): string {
  const uri = args[0];
  if (typeof uri !== 'string') throw new WampError('wamp.error.invalid_argument', { args: ['expected a URI'] });
  return uri;
}

function matchOf(args: WampList): MatchPolicy {
  const opts = args[1];
  const m = opts !== null && typeof opts === 'object' ? (opts as Record<string, unknown>)['match'] : undefined;
  return m === 'prefix' || m === 'wildcard' ? m : 'exact';
}

/** Registers the registration and subscription meta procedures on `realm`. */
export function installRegistryMeta(realm: Realm): void {
  const dealer = realm.dealer;
  const broker = realm.broker;
  const noReg = (): never => {
    throw new WampError('wamp.error.no_such_registration', { args: ['no such registration'] });
  };
  const noSub = (): never => {
    throw new WampError('wamp.error.no_such_subscription', { args: ['no such subscription'] });
  };

  realm.registerInternal('wamp.registration.list', () => {
    const out: Record<string, number[]> = { exact: [], prefix: [], wildcard: [] };
    for (const r of dealer.registrations.all()) out[r.match]!.push(r.id);
    return { args: [out] };
  });
  realm.registerInternal('wamp.registration.lookup', (args) => {
    const uri = uriArg(args);
    const match = matchOf(args);
    for (const r of dealer.registrations.all()) if (r.procedure === uri && r.match === match) return { args: [r.id] };
    return { args: [null] };
  });
  realm.registerInternal('wamp.registration.match', (args) => {
    const found = dealer.registrations.find(uriArg(args));
    return { args: [found ? found.registration.id : null] };
  });
  realm.registerInternal('wamp.registration.get', (args) => {
    const r = dealer.registrations.get(idArg(args, 'registration')) ?? noReg();
    return { args: [{ id: r.id, created: r.created, uri: r.procedure, match: r.match, invoke: r.invoke }] };
  });
  realm.registerInternal('wamp.registration.list_callees', (args) => {
    const r = dealer.registrations.get(idArg(args, 'registration')) ?? noReg();
    return { args: [r.callees.map((c) => c.peer.id)] };
  });
  realm.registerInternal('wamp.registration.count_callees', (args) => {
    const r = dealer.registrations.get(idArg(args, 'registration')) ?? noReg();
    return { args: [r.callees.length] };
  });

  realm.registerInternal('wamp.subscription.list', () => {
    const out: Record<string, number[]> = { exact: [], prefix: [], wildcard: [] };
    for (const s of broker.subscriptions()) out[s.match]!.push(s.id);
    return { args: [out] };
  });
  realm.registerInternal('wamp.subscription.lookup', (args) => {
    const s = broker.lookup(uriArg(args), matchOf(args));
    return { args: [s ? s.id : null] };
  });
  realm.registerInternal('wamp.subscription.match', (args) => {
    const found = broker.matching(uriArg(args));
    return { args: [found.length > 0 ? found.map((s) => s.id) : null] };
  });
  realm.registerInternal('wamp.subscription.get', (args) => {
    const s = broker.subscription(idArg(args, 'subscription')) ?? noSub();
    return { args: [{ id: s.id, created: s.created, uri: s.topic, match: s.match }] };
  });
  realm.registerInternal('wamp.subscription.list_subscribers', (args) => {
    const s = broker.subscription(idArg(args, 'subscription')) ?? noSub();
    return { args: [[...s.subscribers].map((p) => p.id)] };
  });
  realm.registerInternal('wamp.subscription.count_subscribers', (args) => {
    const s = broker.subscription(idArg(args, 'subscription')) ?? noSub();
    return { args: [s.subscribers.size] };
  });
  realm.registerInternal('wamp.subscription.get_events', (args, kwargs, details) => {
    const id = idArg(args, 'subscription');
    if (!broker.subscription(id)) noSub();
    const reader = realm.session(details.caller);
    const kept = reader ? broker.history(id, reader) : [];
    if (kept === undefined) throw new WampError('wamp.error.no_history', { args: [`subscription ${id} keeps no event history`] });
    // A positional limit (Crossbar.io's form) or the spec's keyword one.
    const q = typeof args[1] === 'number' && kwargs['limit'] === undefined ? { ...kwargs, limit: args[1] } : kwargs;
    return { args: [queryEvents(kept, q).map(eventItem)] };
  });
}
