/**
 * Who may do what in a realm: a static permission table (role → URI pattern → call, register,
 * publish, subscribe, with disclosure rules), an `authorize` hook, or both, checked by the Dealer
 * and the Broker for every CALL, REGISTER, PUBLISH and SUBSCRIBE — router-internal procedures
 * such as the meta API included. Closed by default where it matters: without a table or a hook,
 * application URIs are open but `wamp.*` (the meta API) is for admin roles only.
 * @module
 */
import { isReservedUri, matchesUri, type MatchPolicy } from '../protocol/uri.js';

/** What a session asks to do. */
export type AuthorizeAction = 'call' | 'register' | 'publish' | 'subscribe';

/** Who asks: the session's identity in its realm. */
export interface AuthorizeSubject {
  /** The WAMP session id. */
  readonly session: number;
  /** The authenticated id (`anonymous` without authentication). */
  readonly authid: string;
  /** The role it was admitted as. */
  readonly authrole: string;
  /** The realm. */
  readonly realm: string;
}

/**
 * Decides whether `subject` may do `action` on `uri` (with the request's options). Return (or
 * resolve) `true` to allow; anything else, or a throw, refuses with `wamp.error.not_authorized`.
 */
export type Authorize = (
  subject: AuthorizeSubject,
  action: AuthorizeAction,
  uri: string,
  options: Readonly<Record<string, unknown>>,
) => boolean | Promise<boolean>;

/** One rule of a {@link PermissionTable}: the URIs it covers and what it allows there. */
export interface Permission {
  /** The URI, or the prefix / wildcard pattern, the rule covers. */
  readonly uri: string;
  /** How `uri` matches (default `exact`). `prefix` with `uri: ''` covers everything. */
  readonly match?: MatchPolicy;
  /** What the role may do on those URIs (each default `false`). */
  readonly allow: {
    readonly call?: boolean;
    readonly register?: boolean;
    readonly publish?: boolean;
    readonly subscribe?: boolean;
  };
  /** Disclose this role's identity to the other side, whatever it asked (default `false`). */
  readonly disclose?: {
    /** Callees see the caller's session, authid and authrole. */
    readonly caller?: boolean;
    /** Subscribers see the publisher's session, authid and authrole. */
    readonly publisher?: boolean;
  };
}

/**
 * Permissions per authrole, as Crossbar.io's realm roles have them. A role not in the table may
 * do nothing; within a role the most specific rule wins (exact, then the longest prefix or
 * wildcard pattern).
 *
 * @example
 * ```ts
 * const permissions: PermissionTable = {
 *   device: [{ uri: 'home.', match: 'prefix', allow: { register: true, publish: true } }],
 *   dashboard: [
 *     { uri: 'home.', match: 'prefix', allow: { call: true, subscribe: true } },
 *     { uri: 'wamp.session.', match: 'prefix', allow: { subscribe: true, call: true } },
 *   ],
 * };
 * ```
 */
export type PermissionTable = Readonly<Record<string, readonly Permission[]>>;

/** The authorization options of a router (see `RouterOptions`). */
export interface AuthorizationOptions {
  readonly permissions?: PermissionTable;
  readonly authorize?: Authorize;
  readonly adminRoles?: readonly string[];
}

/** What the router needs to know of a decision. @internal */
export interface Decision {
  readonly allowed: boolean;
  /** The matching rule asks to disclose the caller / publisher. */
  readonly disclose: boolean;
}

const ALLOW: Decision = Object.freeze({ allowed: true, disclose: false });
const DENY: Decision = Object.freeze({ allowed: false, disclose: false });

/** The most specific rule of `rules` covering `uri`. */
function ruleFor(rules: readonly Permission[], uri: string): Permission | undefined {
  let best: Permission | undefined;
  let bestRank = -1;
  for (const r of rules) {
    const match = r.match ?? 'exact';
    if (!matchesUri(r.uri, match, uri)) continue;
    const rank = match === 'exact' ? Number.MAX_SAFE_INTEGER : r.uri.length * 2 + (match === 'prefix' ? 1 : 0);
    if (rank > bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  return best;
}

/** `wamp.*` procedures any session may call by default: they act on the caller's own session. */
const SELF_SERVICE: ReadonlySet<string> = new Set(['wamp.session.add_testament', 'wamp.session.flush_testaments']);

/**
 * The decision function of a router's options. Trusted sessions (the router's own) are always
 * allowed. The table (when given) decides first; then the hook (when given) must agree; without
 * either, `wamp.*` is for `adminRoles` (default `['admin']`) only.
 * @internal
 */
export function makeAuthorizer(options: AuthorizationOptions): (
  subject: AuthorizeSubject,
  trusted: boolean,
  action: AuthorizeAction,
  uri: string,
  requestOptions: Readonly<Record<string, unknown>>,
) => Decision | Promise<Decision> {
  const { permissions, authorize } = options;
  const admins = new Set(options.adminRoles ?? ['admin']);
  const byRole = permissions ? new Map(Object.entries(permissions)) : undefined;
  return (subject, trusted, action, uri, requestOptions) => {
    if (trusted) return ALLOW;
    let decision: Decision;
    if (byRole) {
      const rule = ruleFor(byRole.get(subject.authrole) ?? [], uri);
      if (rule?.allow[action] !== true) return DENY;
      decision = { allowed: true, disclose: action === 'call' ? rule.disclose?.caller === true : action === 'publish' ? rule.disclose?.publisher === true : false };
    } else {
      // No table: application URIs are open, the meta API is for admins, except the testament
      // procedures, which act on the caller's own session only (and check its publish rights).
      if (isReservedUri(uri) && !admins.has(subject.authrole) && !(action === 'call' && SELF_SERVICE.has(uri))) return DENY;
      decision = ALLOW;
    }
    if (!authorize) return decision;
    let verdict: boolean | Promise<boolean>;
    try {
      verdict = authorize(subject, action, uri, requestOptions);
    } catch {
      return DENY;
    }
    if (typeof verdict === 'boolean') return verdict ? decision : DENY;
    return Promise.resolve(verdict).then(
      (ok) => (ok === true ? decision : DENY),
      () => DENY,
    );
  };
}
