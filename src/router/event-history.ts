/**
 * Event history (`wamp.subscription.get_events`): the Broker keeps the last events of topics
 * the router is configured for, each in the subscription the configuration pins, bounded in
 * count and bytes. Events published with session-based black/white lists (`exclude`,
 * `eligible`) are not kept (session ids mean nothing to a later reader); authid and authrole
 * lists are applied to whoever reads the history.
 * @internal
 * @module
 */
import type { WampDict, WampList } from '../protocol/messages.js';
import type { MatchPolicy } from '../protocol/uri.js';
import type { RouterPeer } from './peer.js';

/** Which topics keep an event history, and how many events each. */
export interface EventHistoryRule {
  /** The topic, or topic pattern with `match`. */
  readonly uri: string;
  /** How `uri` matches topics (default `'exact'`). */
  readonly match?: MatchPolicy;
  /** Events kept, the newest (default and at most `RouterLimits.maxHistoryEvents`). */
  readonly limit?: number;
  /** Only in this realm (default every realm). */
  readonly realm?: string;
}

/** A stored event as `wamp.subscription.get_events` returns it. */
export interface StoredEvent {
  readonly timestamp: string;
  readonly subscription: number;
  readonly publication: number;
  readonly topic: string;
  readonly args: WampList | undefined;
  readonly kwargs: WampDict | undefined;
  /** The publication's authid/authrole black and white lists, applied to readers. */
  readonly filter: WampDict | undefined;
  readonly bytes: number;
}

const READER_FILTERS = ['exclude_authid', 'exclude_authrole', 'eligible_authid', 'eligible_authrole'] as const;

/** One subscription's ring of events. */
class Ring {
  readonly events: StoredEvent[] = [];
  bytes = 0;
  constructor(readonly limit: number, readonly maxBytes: number) {}

  push(e: StoredEvent): void {
    if (e.bytes > this.maxBytes) return;
    this.events.push(e);
    this.bytes += e.bytes;
    while (this.events.length > this.limit || this.bytes > this.maxBytes) this.bytes -= this.events.shift()!.bytes;
  }
}

/** The event histories of a Broker, by subscription id. */
export class EventHistory {
  readonly #rings = new Map<number, Ring>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Starts keeping events for subscription `id`. */
  keep(id: number, limit: number, maxBytes: number): void {
    this.#rings.set(id, new Ring(limit, maxBytes));
  }

  /** Whether subscription `id` keeps a history. */
  has(id: number): boolean {
    return this.#rings.has(id);
  }

  /** Records a publication that reached subscription `id` (if it keeps a history). */
  record(id: number, pub: { id: number; topic: string; options: WampDict; args?: WampList | undefined; kwargs?: WampDict | undefined }, bytes: number): void {
    const ring = this.#rings.get(id);
    if (!ring) return;
    const o = pub.options;
    if (o['exclude'] !== undefined || o['eligible'] !== undefined) return;
    let filter: WampDict | undefined;
    for (const k of READER_FILTERS) if (Array.isArray(o[k])) (filter ??= {})[k] = o[k];
    ring.push({
      timestamp: new Date(this.#now()).toISOString(),
      subscription: id,
      publication: pub.id,
      topic: pub.topic,
      args: pub.args,
      kwargs: pub.kwargs,
      filter,
      bytes,
    });
  }

  /** The events of subscription `id` that `reader` may see, oldest first; undefined when it keeps none. */
  events(id: number, reader: RouterPeer): StoredEvent[] | undefined {
    const ring = this.#rings.get(id);
    if (!ring) return undefined;
    return ring.events.filter((e) => visible(e.filter, reader));
  }
}

function visible(f: WampDict | undefined, reader: RouterPeer): boolean {
  if (!f) return true;
  const has = (k: string, v: string): boolean | undefined => (Array.isArray(f[k]) ? (f[k] as unknown[]).includes(v) : undefined);
  if (has('exclude_authid', reader.authid) === true || has('exclude_authrole', reader.authrole) === true) return false;
  if (has('eligible_authid', reader.authid) === false || has('eligible_authrole', reader.authrole) === false) return false;
  return true;
}

/**
 * Applies the `wamp.subscription.get_events` query keywords (spec: limit, reverse, from_time,
 * after_time, before_time, until_time, topic, from/after/before/until_publication) to events
 * in order of occurrence.
 */
export function queryEvents(all: StoredEvent[], q: WampDict): StoredEvent[] {
  let list = all;
  const time = (k: string): number | undefined => (typeof q[k] === 'string' ? Date.parse(q[k] as string) : undefined);
  const fromT = time('from_time');
  const afterT = time('after_time');
  const beforeT = time('before_time');
  const untilT = time('until_time');
  if (fromT !== undefined || afterT !== undefined || beforeT !== undefined || untilT !== undefined) {
    list = list.filter((e) => {
      const t = Date.parse(e.timestamp);
      return (fromT === undefined || t >= fromT) && (afterT === undefined || t > afterT) && (beforeT === undefined || t < beforeT) && (untilT === undefined || t <= untilT);
    });
  }
  if (typeof q['topic'] === 'string') list = list.filter((e) => e.topic === q['topic']);
  const at = (k: string): number => (typeof q[k] === 'number' ? list.findIndex((e) => e.publication === q[k]) : -2);
  const from = at('from_publication');
  if (from >= 0) list = list.slice(from);
  const after = at('after_publication');
  if (after >= 0) list = list.slice(after + 1);
  const before = at('before_publication');
  if (before >= 0) list = list.slice(0, before);
  const until = at('until_publication');
  if (until >= 0) list = list.slice(0, until + 1);
  if (q['reverse'] === true) list = [...list].reverse();
  if (typeof q['limit'] === 'number' && q['limit'] >= 0) list = list.slice(0, q['limit']);
  return list;
}

/** A stored event as a `get_events` result item. */
export function eventItem(e: StoredEvent): WampDict {
  const item: WampDict = { timestamp: e.timestamp, subscription: e.subscription, publication: e.publication, topic: e.topic, details: { topic: e.topic } };
  if (e.args !== undefined) item['args'] = e.args;
  if (e.kwargs !== undefined) item['kwargs'] = e.kwargs;
  return item;
}
