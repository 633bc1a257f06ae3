/**
 * The Session Meta API procedures of a realm (`wamp.session.count`, `list`, `get`, `kill`),
 * as router-internal procedures. The `on_join`/`on_leave` events are published by the realm.
 * @internal
 * @module
 */
import { WampError } from '../errors.js';
import type { WampList } from '../protocol/messages.js';
import type { Realm } from './realm.js';

const NO_SUCH_SESSION = 'wamp.error.no_such_session';

function roleFilter(args: WampList): ((authrole: string) => boolean) | undefined {
  const list = args[0];
  if (!Array.isArray(list)) return undefined;
  const set = new Set<unknown>(list);
  return (r) => set.has(r);
}

function sessionArg(args: WampList): number {
  const id = args[0];
  if (typeof id !== 'number') throw new WampError('wamp.error.invalid_argument', { args: ['expected a session id'] });
  return id;
}

/**
 * Registers the session meta procedures on `realm`. Who may call them is the router's
 * authorizer's business: by default only admin roles (and the router's own sessions).
 */
export function installSessionMeta(realm: Realm): void {
  realm.registerInternal('wamp.session.count', (args) => {
    const keep = roleFilter(args);
    if (!keep) return { args: [realm.sessionCount] };
    let n = 0;
    for (const s of realm.sessions()) if (keep(s.authrole)) n++;
    return { args: [n] };
  });
  realm.registerInternal('wamp.session.list', (args) => {
    const keep = roleFilter(args);
    const ids: number[] = [];
    for (const s of realm.sessions()) if (!keep || keep(s.authrole)) ids.push(s.id);
    return { args: [ids] };
  });
  realm.registerInternal('wamp.session.get', (args) => {
    const s = realm.session(sessionArg(args));
    if (!s) throw new WampError(NO_SUCH_SESSION, { args: ['no such session'] });
    return { args: [s.info] };
  });
  realm.registerInternal('wamp.session.kill', (args, kwargs, details) => {
    const id = sessionArg(args);
    const s = realm.session(id);
    if (!s || id === details.caller) throw new WampError(NO_SUCH_SESSION, { args: ['no such session (or the caller itself)'] });
    const reason = typeof kwargs['reason'] === 'string' ? kwargs['reason'] : 'wamp.close.killed';
    const message = typeof kwargs['message'] === 'string' ? kwargs['message'] : undefined;
    s.kill(reason, message);
  });
}
