/**
 * Named sessions: several sessions in one process, each under a unique name.
 * @module
 */
import type { SessionEnd } from '../session/status.js';
import { Session } from '../session/session.js';
import { sessionOptions, type ConnectOptions } from './connect.js';

/**
 * A set of named sessions (one per device, realm or tenant). Names are unique.
 *
 * @example
 * ```ts
 * const sessions = new Sessions();
 * await sessions.start('kitchen', { url, realm: 'home' });
 * await sessions.get('kitchen').publish('home.kitchen.light', [true]);
 * await sessions.closeAll();
 * ```
 */
export class Sessions {
  readonly #byName = new Map<string, Session>();

  /**
   * Creates, opens and names a session; resolves once it is established.
   * @throws `Error` when the name is taken; otherwise what {@link Session.open} throws (the name
   * is then free again).
   */
  async start(name: string, options: ConnectOptions): Promise<Session> {
    if (this.#byName.has(name)) throw new Error(`a session named ${JSON.stringify(name)} exists already`);
    const session = new Session(sessionOptions(options));
    this.#byName.set(name, session);
    try {
      return await session.open();
    } catch (error) {
      if (this.#byName.get(name) === session) this.#byName.delete(name);
      throw error;
    }
  }

  /**
   * The session with this name.
   * @throws `Error` when there is none.
   */
  get(name: string): Session {
    const s = this.#byName.get(name);
    if (!s) throw new Error(`no session named ${JSON.stringify(name)}`);
    return s;
  }

  /** Whether a session has this name. */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The names in use. */
  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** Closes the named session and frees its name. */
  async close(name: string): Promise<SessionEnd | undefined> {
    const s = this.#byName.get(name);
    if (!s) return undefined;
    this.#byName.delete(name);
    return s.close();
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    const all = [...this.#byName.keys()];
    await Promise.all(all.map((n) => this.close(n)));
  }
}
