/**
 * Session testaments (`wamp.session.add_testament`, `wamp.session.flush_testaments`): events a
 * session leaves with the Broker, published when the session is detached or destroyed, however
 * it ends. Without session resumption both happen when the session leaves, `detached` first.
 * @internal
 * @module
 */
import { WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import { isReservedUri, isValidUri } from '../protocol/uri.js';
import type { Realm } from './realm.js';

type Scope = 'detached' | 'destroyed';

interface Testament {
  readonly topic: string;
  readonly args: WampList;
  readonly kwargs: WampDict;
  readonly options: WampDict;
  readonly bytes: number;
}

/** A testament's size as JSON (1 KiB for what JSON cannot write, e.g. a bignum). */
function sizeOf(t: Omit<Testament, 'bytes'>): number {
  try {
    return JSON.stringify([t.topic, t.args, t.kwargs, t.options]).length;
  } catch {
    return 1024;
  }
}

/** Publish options a testament keeps: the ones that still make sense once its session is gone. */
const KEPT_OPTIONS = ['retain', 'exclude', 'exclude_authid', 'exclude_authrole', 'eligible', 'eligible_authid', 'eligible_authrole'];

function scopeOf(kwargs: WampDict): Scope {
  const scope = kwargs['scope'] ?? 'destroyed';
  if (scope !== 'detached' && scope !== 'destroyed') {
    throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: [`scope must be "detached" or "destroyed", not ${JSON.stringify(scope)}`] });
  }
  return scope;
}

/** The testaments of a realm's sessions, bounded per session. */
export class Testaments {
  readonly #bySession = new Map<number, { detached: Testament[]; destroyed: Testament[] }>();
  readonly #max: number;
  readonly #maxBytes: number;

  constructor(max: number, maxBytes: number) {
    this.#max = max;
    this.#maxBytes = maxBytes;
  }

  /** Registers the two testament procedures on `realm`. */
  install(realm: Realm): void {
    realm.registerInternal('wamp.session.add_testament', async (args, kwargs, details) => {
      const [topic, evArgs, evKwargs] = args;
      if (typeof topic !== 'string' || !isValidUri(topic) || isReservedUri(topic)) {
        throw new WampError(ErrorUri.INVALID_URI, { args: [`cannot leave a testament on ${JSON.stringify(topic)}`] });
      }
      if (evArgs !== undefined && evArgs !== null && !Array.isArray(evArgs)) throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: ['args must be a list'] });
      if (evKwargs !== undefined && evKwargs !== null && (typeof evKwargs !== 'object' || Array.isArray(evKwargs))) {
        throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: ['kwargs must be a dict'] });
      }
      const scope = scopeOf(kwargs);
      const given = kwargs['publish_options'];
      const options: WampDict = {};
      if (given !== null && typeof given === 'object' && !Array.isArray(given)) {
        for (const k of KEPT_OPTIONS) if (k in given) options[k] = (given as WampDict)[k];
      }
      const session = realm.session(details.caller);
      if (!session) return;
      // The testament is published in the session's name: it may leave one only where it may publish.
      if (!(await realm.broker.mayPublish(session, topic, options))) {
        throw new WampError(ErrorUri.NOT_AUTHORIZED, { args: [`${details.caller_authrole} may not publish to ${topic}`] });
      }
      let mine = this.#bySession.get(details.caller);
      if (!mine) {
        if (!realm.session(details.caller)) return;
        mine = { detached: [], destroyed: [] };
        this.#bySession.set(details.caller, mine);
      }
      if (mine.detached.length + mine.destroyed.length >= this.#max) {
        throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: [`a session may leave at most ${this.#max} testaments`] });
      }
      const t = { topic, args: (evArgs as WampList | undefined) ?? [], kwargs: (evKwargs as WampDict | undefined) ?? {}, options };
      const bytes = sizeOf(t);
      let used = 0;
      for (const x of [...mine.detached, ...mine.destroyed]) used += x.bytes;
      if (used + bytes > this.#maxBytes) {
        throw new WampError(ErrorUri.INVALID_ARGUMENT, { args: [`a session's testaments may hold at most ${this.#maxBytes} bytes`] });
      }
      mine[scope].push({ ...t, bytes });
    });
    realm.registerInternal('wamp.session.flush_testaments', (_args, kwargs, details) => {
      const scope = scopeOf(kwargs);
      const mine = this.#bySession.get(details.caller);
      if (mine) mine[scope] = [];
    });
  }

  /** Publishes and forgets the testaments of a session that left (detached first, then destroyed). */
  publishFor(realm: Realm, sessionId: number): void {
    const mine = this.#bySession.get(sessionId);
    if (!mine) return;
    this.#bySession.delete(sessionId);
    for (const t of [...mine.detached, ...mine.destroyed]) realm.publish(t.topic, t.args, t.kwargs, t.options);
  }
}
