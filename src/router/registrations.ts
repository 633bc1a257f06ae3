/**
 * The Dealer's registry of registrations: pattern-based (exact, prefix, wildcard) and shared
 * (invoke policies). A plain class without I/O (CONVENTIONS.md 7).
 * @internal
 * @module
 */
import type { MatchPolicy } from '../protocol/uri.js';
import type { RouterPeer } from './peer.js';
import { UriIndex } from './uri-index.js';

/** Shared registration invocation policy. */
export type InvokePolicy = 'single' | 'roundrobin' | 'random' | 'first' | 'last';

/** One callee of a registration, with the options of its REGISTER. */
export interface Callee {
  readonly peer: RouterPeer;
  /** `REGISTER.Options.disclose_caller` */
  readonly discloseCaller: boolean;
  /** `REGISTER.Options.forward_timeout` */
  readonly forwardTimeout: boolean;
}

/** A registration: a procedure pattern and its callees, in order of registration. */
export interface Registration {
  readonly id: number;
  readonly procedure: string;
  readonly match: MatchPolicy;
  readonly invoke: InvokePolicy;
  readonly created: string;
  readonly callees: Callee[];
  /** Round-robin cursor: index of the next callee. */
  next: number;
}

/** Why a REGISTER was refused. */
export type RegisterRefusal = { readonly refused: string };

/** Options of a {@link RegistrationTable}. */
export interface RegistrationTableOptions {
  /** Global-scope id generator. */
  readonly newId: () => number;
  /** Uniform numbers in [0, 1) for the `random` policy. */
  readonly random: () => number;
  /** Told of every change, for the `wamp.registration.on_*` meta events (default none). */
  readonly onChange?: RegistryChange<Registration>;
}

/**
 * A change of a registry, in the order the meta events report it: `create` then `register`
 * for a session that opens a registration; `unregister` then `delete` for the last one leaving.
 */
export type RegistryChange<T> = (change: 'create' | 'add' | 'remove' | 'delete', entry: T, sessionId: number) => void;

/** Registrations by id, by pattern and by session. */
export class RegistrationTable {
  readonly #newId: () => number;
  readonly #random: () => number;
  readonly #index = new UriIndex<Registration>();
  readonly #byId = new Map<number, Registration>();
  readonly #bySession = new Map<number, Set<Registration>>();
  readonly #onChange: RegistryChange<Registration> | undefined;

  constructor(options: RegistrationTableOptions) {
    this.#newId = options.newId;
    this.#random = options.random;
    this.#onChange = options.onChange;
  }

  /** Number of registrations. */
  get size(): number {
    return this.#byId.size;
  }

  /** The registration with this id. */
  get(id: number): Registration | undefined {
    return this.#byId.get(id);
  }

  /** Every registration. */
  all(): IterableIterator<Registration> {
    return this.#byId.values();
  }

  /**
   * Adds `callee` to the registration of `(procedure, match)`, creating it when there is none.
   * @returns the registration, or why it was refused (procedure already exists).
   */
  add(procedure: string, match: MatchPolicy, invoke: InvokePolicy, callee: Callee): Registration | RegisterRefusal {
    let reg = this.#index.get(procedure, match);
    if (reg) {
      if (reg.invoke === 'single' || invoke === 'single') {
        return { refused: `procedure ${procedure} (${match}) is already registered` };
      }
      if (reg.invoke !== invoke) {
        return { refused: `procedure ${procedure} (${match}) is registered with invoke=${reg.invoke}, not ${invoke}` };
      }
      if (reg.callees.some((c) => c.peer === callee.peer)) {
        return { refused: `this session already registered ${procedure} (${match})` };
      }
      reg.callees.push(callee);
    } else {
      reg = { id: this.#newId(), procedure, match, invoke, created: new Date().toISOString(), callees: [callee], next: 0 };
      this.#index.set(procedure, match, reg);
      this.#byId.set(reg.id, reg);
      this.#onChange?.('create', reg, callee.peer.id);
    }
    let mine = this.#bySession.get(callee.peer.id);
    if (!mine) {
      mine = new Set();
      this.#bySession.set(callee.peer.id, mine);
    }
    mine.add(reg);
    this.#onChange?.('add', reg, callee.peer.id);
    return reg;
  }

  /**
   * Removes a session from a registration (deleting the registration when it was the last).
   * @returns whether the session was a callee of it.
   */
  remove(reg: Registration, peer: RouterPeer): boolean {
    const i = reg.callees.findIndex((c) => c.peer === peer);
    if (i < 0) return false;
    reg.callees.splice(i, 1);
    if (i < reg.next) reg.next--;
    if (reg.next >= reg.callees.length) reg.next = 0;
    this.#bySession.get(peer.id)?.delete(reg);
    this.#onChange?.('remove', reg, peer.id);
    if (reg.callees.length === 0) {
      this.#index.delete(reg.procedure, reg.match);
      this.#byId.delete(reg.id);
      this.#onChange?.('delete', reg, peer.id);
    }
    return true;
  }

  /** Removes a session from every registration it has. */
  leave(peer: RouterPeer): void {
    const mine = this.#bySession.get(peer.id);
    if (!mine) return;
    for (const reg of [...mine]) this.remove(reg, peer);
    this.#bySession.delete(peer.id);
  }

  /** The registration a CALL of `procedure` is routed to (exact, longest prefix, best wildcard). */
  find(procedure: string): { registration: Registration; match: MatchPolicy } | undefined {
    const r = this.#index.best(procedure);
    return r && { registration: r.value, match: r.match };
  }

  /** Picks the callee for the next invocation, by the registration's invoke policy. */
  pick(reg: Registration): Callee | undefined {
    const list = reg.callees;
    const n = list.length;
    if (n === 0) return undefined;
    switch (reg.invoke) {
      case 'single':
      case 'first':
        return list[0];
      case 'last':
        return list[n - 1];
      case 'random':
        return list[Math.min(n - 1, Math.floor(this.#random() * n))];
      case 'roundrobin': {
        const i = reg.next < n ? reg.next : 0;
        reg.next = (i + 1) % n;
        return list[i];
      }
    }
  }
}
