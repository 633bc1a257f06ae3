/**
 * Which devices are connected, from the router's session meta events (`wamp.session.on_join`,
 * `wamp.session.on_leave`) and `wamp.session.list`. A session is matched to a device by its
 * authid (the embedded router authenticates each device by name) or, on routers that give
 * anonymous sessions a random authid (Crossbar.io), by the session id each device announces on
 * `home.device.<name>.session` (retained).
 */

/** What the presence tracker reports. */
export interface PresenceEvents {
  joined(name: string, session: number): void;
  left(name: string, session: number): void;
  changed(): void;
}

/** Tracks which device sessions are in the realm. */
export class Presence {
  readonly #names: ReadonlySet<string>;
  readonly #events: PresenceEvents;
  /** Session id → device name. */
  readonly #known = new Map<number, string>();
  /** Session ids in the realm. */
  readonly #present = new Set<number>();
  /** Session ids whose arrival has been told (or that were there from the start). */
  readonly #told = new Set<number>();
  /** Joins and leaves, numbered; kept only while a read of the list is under way (to replay over it). */
  readonly #changes: Array<{ readonly seq: number; readonly session: number; readonly authid: string | undefined; readonly joined: boolean }> = [];
  #seq = 0;
  /** Reads of the list under way. */
  #reading = 0;

  constructor(names: Iterable<string>, events: PresenceEvents) {
    this.#names = new Set(names);
    this.#events = events;
  }

  /** Whether device `name` has a session in the realm. */
  has(name: string): boolean {
    for (const id of this.#present) if (this.#known.get(id) === name) return true;
    return false;
  }

  /**
   * A read of the realm's sessions begins (`wamp.session.list`, then `wamp.session.get` for each):
   * joins and leaves from now on are kept, to be replayed over the list it gives ({@link reset}),
   * which may be older than they are. End it with `reset(sessions, read)` or {@link endRead}.
   */
  beginRead(): number {
    this.#reading++;
    return this.#seq;
  }

  /** A read that gives no list (it failed). */
  endRead(): void {
    if (this.#reading > 0) this.#reading--;
    if (this.#reading === 0) this.#changes.length = 0;
  }

  /**
   * The realm's sessions now (after a start or a reconnect): nothing is told, only shown. With
   * the `read` it came from, the joins and leaves seen since that read began are applied over it.
   */
  reset(sessions: ReadonlyArray<{ session: number; authid?: string }>, read?: number): void {
    this.#present.clear();
    for (const s of sessions) {
      this.#present.add(s.session);
      this.#told.add(s.session);
      if (s.authid !== undefined && this.#names.has(s.authid)) this.#known.set(s.session, s.authid);
    }
    if (read !== undefined) {
      for (const c of this.#changes) {
        if (c.seq <= read) continue;
        if (!c.joined) this.#present.delete(c.session);
        else {
          this.#present.add(c.session);
          if (c.authid !== undefined && this.#names.has(c.authid)) this.#known.set(c.session, c.authid);
        }
      }
      this.endRead();
    }
    this.#events.changed();
  }

  /** `wamp.session.on_join`. */
  join(session: number, authid: string | undefined): void {
    this.#record(session, authid, true);
    this.#present.add(session);
    if (authid !== undefined && this.#names.has(authid)) this.#known.set(session, authid);
    this.#tell(session);
  }

  /** `wamp.session.on_leave`. */
  leave(session: number): void {
    this.#record(session, undefined, false);
    if (!this.#present.delete(session)) return;
    const name = this.#known.get(session);
    this.#known.delete(session);
    this.#told.delete(session);
    if (name !== undefined) this.#events.left(name, session);
    this.#events.changed();
  }

  /** A device said which session it is. */
  announce(name: string, session: number): void {
    if (!this.#names.has(name)) return;
    this.#known.set(session, name);
    this.#tell(session);
  }

  #record(session: number, authid: string | undefined, joined: boolean): void {
    this.#seq++;
    if (this.#reading > 0) this.#changes.push({ seq: this.#seq, session, authid, joined });
  }

  #tell(session: number): void {
    const name = this.#known.get(session);
    if (name !== undefined && this.#present.has(session) && !this.#told.has(session)) {
      this.#told.add(session);
      this.#events.joined(name, session);
    }
    this.#events.changed();
  }
}
