/**
 * `session.meta` without loading the Meta API until it is used: every meta function returns a
 * promise, so each can wait for the module (and its zod schemas) on first call.
 * @internal
 * @module
 */
import type { Session } from '../session/session.js';
import type { MetaApi } from './types.js';

type Namespace = keyof MetaApi;

/** The Meta API of `session`, loaded on first use. */
export function lazyMeta(session: Session): MetaApi {
  let loaded: Promise<MetaApi> | undefined;
  const load = (): Promise<MetaApi> => (loaded ??= import('./meta.js').then((m) => m.createMeta(session)));
  const namespace = (name: Namespace): object =>
    new Proxy({}, {
      get: (_target, method) =>
        typeof method !== 'string' || method === 'then'
          ? undefined
          : (...args: unknown[]) => load().then((api) => (api[name] as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args)),
    });
  return { session: namespace('session'), registration: namespace('registration'), subscription: namespace('subscription') } as MetaApi;
}
