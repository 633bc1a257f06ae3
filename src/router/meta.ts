/**
 * The Session Meta API procedures of a realm (`wamp.session.count`, `list`, `get`, `kill`,
 * `kill_by_authid`, `kill_by_authrole`, `kill_all`),
 * as router-internal procedures. The `on_join`/`on_leave` events are published by the realm.
 * @internal
 * @module
 */
import { WampError } from '../errors.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import { isValidUri } from '../protocol/uri.js';
import type { JoinedSession, Realm } from './realm.js';

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
    const { reason, message } = closing(kwargs);
    s.kill(reason, message);
  });
  const killWhere = (keep: (s: JoinedSession) => boolean, kwargs: WampDict, caller: number): number[] => {
    const { reason, message } = closing(kwargs);
    const killed: number[] = [];
    for (const s of [...realm.sessions()]) {
      if (s.id === caller || !keep(s)) continue;
      killed.push(s.id);
      s.kill(reason, message);
    }
    return killed;
  };
  realm.registerInternal('wamp.session.kill_by_authid', (args, kwargs, details) => {
    const authid = args[0];
    if (typeof authid !== 'string') throw new WampError('wamp.error.invalid_argument', { args: ['expected an authid'] });
    return { args: [killWhere((s) => s.authid === authid, kwargs, details.caller)] };
  });
  realm.registerInternal('wamp.session.kill_by_authrole', (args, kwargs, details) => {
    const authrole = args[0];
    if (typeof authrole !== 'string') throw new WampError('wamp.error.invalid_argument', { args: ['expected an authrole'] });
    return { args: [killWhere((s) => s.authrole === authrole, kwargs, details.caller).length] };
  });
  realm.registerInternal('wamp.session.kill_all', (_args, kwargs, details) => {
    return { args: [killWhere(() => true, kwargs, details.caller).length] };
  });
}

/** The GOODBYE reason and message of a kill: `reason` must be a URI (default `wamp.close.killed`). */
function closing(kwargs: WampDict): { reason: string; message: string | undefined } {
  const reason = kwargs['reason'] ?? 'wamp.close.killed';
  if (typeof reason !== 'string' || !isValidUri(reason)) {
    throw new WampError('wamp.error.invalid_uri', { args: [`reason must be a URI, not ${JSON.stringify(reason)}`] });
  }
  return { reason, message: typeof kwargs['message'] === 'string' ? kwargs['message'] : undefined };
}
