/**
 * What a conformance case gets: sessions on the router under test, unique URIs, and a way to
 * skip with the router and feature named when the router lacks the feature.
 */
import { connect, type ConnectOptions, type Session } from '../../src/index.js';
import { rawSocketConnector } from '../../src/rawsocket.js';
import type { SerializerName } from '../../src/serializers/index.js';
import type { RouterTarget, TransportName } from './targets.js';

/** The router role a feature belongs to. */
export type RouterRole = 'dealer' | 'broker';

export interface Conformance {
  readonly target: RouterTarget;
  readonly transport: TransportName;
  readonly serializer: SerializerName;
  /** A session on the router under test (closed after the test). */
  open(extra?: Partial<ConnectOptions>): Promise<Session>;
  /** A URI unique to this test. */
  uri(name: string): string;
  /**
   * The reason to skip when the router lacks `feature` of `role` (not announced in WELCOME, or a
   * known gap), else undefined.
   */
  lacks(session: Session, role: RouterRole, feature: string): string | undefined;
  /** Closes every session the test opened. */
  cleanup(): Promise<void>;
}

let counter = 0;

export function conformance(target: RouterTarget, transport: TransportName, serializer: SerializerName): Conformance {
  const sessions: Session[] = [];
  const prefix = `com.wampkit.conf.r${Date.now().toString(36)}`;
  return {
    target,
    transport,
    serializer,
    async open(extra = {}) {
      const url = target.urls[transport];
      if (!url) throw new Error(`${target.name} has no ${transport} endpoint`);
      const base = { realm: 'realm1', serializers: [serializer], ...extra };
      const s = await connect(
        (transport === 'websocket' ? { ...base, url } : { ...base, transport: rawSocketConnector({ url }) }) as ConnectOptions,
      );
      sessions.push(s);
      return s;
    },
    uri(name) {
      return `${prefix}.t${++counter}.${name}`;
    },
    lacks(session, role, feature) {
      const gap = target.gaps[feature];
      if (gap) return `${target.name} lacks ${feature}: ${gap}`;
      const roles = session.details['roles'] as Record<string, { features?: Record<string, unknown> }> | undefined;
      if (roles?.[role]?.features?.[feature] !== true) return `${target.name} lacks ${feature} (not announced by the ${role})`;
      return undefined;
    },
    async cleanup() {
      await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
    },
  };
}

/** A promise with its resolve function, for awaiting events without sleeps. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Collects items and resolves once `n` have arrived. */
export function collector<T>(n: number): { items: T[]; push: (item: T) => void; done: Promise<T[]> } {
  const items: T[] = [];
  const d = deferred<T[]>();
  return {
    items,
    push(item) {
      items.push(item);
      if (items.length === n) d.resolve(items);
    },
    done: d.promise,
  };
}
