/**
 * The shape of a statechart written as plain data: the subset of xstate v5's machine config that
 * the session machine uses (nested states, `on`, `after`, one `invoke` per state, entry and exit
 * actions, named guards, actions and delays with params). The same object is given to xstate's
 * `setup().createMachine()` (diagrams, model tests, the `wampkit/protocol` machine) and to the
 * small runner in `src/session/chart-runner.ts` (every session), so there is one definition.
 *
 * Imports nothing (CONVENTIONS.md 4).
 * @internal
 * @module
 */

/** What an implementation (action, guard, delay, params or input function) is given. */
export interface ChartArgs<C, E> {
  /** The context before the action (or when the guard is checked). */
  readonly context: C;
  /** The event being processed. */
  readonly event: E;
}

/**
 * A function of the chart that reads the context and the event. Its argument is typed `never`
 * so that each function may narrow the event it handles (`({ event }: { event: Closed }) => …`).
 */
export type ChartFn = (args: never) => unknown;

/** An action: a name, or a name with params (fixed, or computed from the context and event). */
export type ActionRef = string | { readonly type: string; readonly params?: unknown };

/** A guard: a name, or a name with fixed params. */
export type GuardRef = string | { readonly type: string; readonly params?: unknown };

/** One transition: a target (`'sibling'` or `'#machine.path'`), a guard, actions, and whether to re-enter. */
export interface TransitionConfig {
  readonly target?: string;
  readonly guard?: GuardRef;
  readonly actions?: ActionRef | readonly ActionRef[];
  readonly reenter?: boolean;
}

/** The transitions of one event: a target, one transition, or guarded ones (the first enabled wins). */
export type TransitionsConfig = string | TransitionConfig | readonly TransitionConfig[];

/** An invoked actor: started on entry of its state, stopped on exit. */
export interface InvokeConfig {
  readonly id: string;
  readonly src: string;
  readonly input?: ChartFn;
  readonly onDone?: TransitionsConfig;
  readonly onError?: TransitionsConfig;
}

/** One state. */
export interface StateConfig {
  readonly initial?: string;
  readonly states?: Readonly<Record<string, StateConfig>>;
  readonly on?: Readonly<Record<string, TransitionsConfig>>;
  /** Delayed transitions by the name of a delay. */
  readonly after?: Readonly<Record<string, TransitionsConfig>>;
  readonly entry?: ActionRef | readonly ActionRef[];
  readonly exit?: ActionRef | readonly ActionRef[];
  readonly invoke?: InvokeConfig;
}

/** A whole chart: the root state, its id and how its context is made from the input. */
export interface ChartConfig extends StateConfig {
  readonly id: string;
  readonly context: ChartFn;
}

/**
 * An invoked actor's behaviour: a callback actor (runs until stopped, reports events through
 * `sendBack`, returns its cleanup) or a promise actor (its result is `xstate.done.actor.<id>`,
 * its failure `xstate.error.actor.<id>`).
 */
export type ActorImplementation =
  | { readonly callback: (input: never, sendBack: never) => () => void }
  | { readonly promise: (input: never) => PromiseLike<unknown> };

/**
 * The named implementations of a chart: effects (actions that do something), updates (actions
 * that return new context fields, xstate's `assign`), guards, delays (ms) and actors.
 */
export interface ChartImplementations {
  readonly effects: Readonly<Record<string, (args: never, params: never) => void>>;
  readonly updates: Readonly<Record<string, (args: never, params: never) => object>>;
  readonly guards: Readonly<Record<string, (args: never, params: never) => boolean>>;
  readonly delays: Readonly<Record<string, (args: never) => number>>;
  readonly actors: Readonly<Record<string, ActorImplementation>>;
}
