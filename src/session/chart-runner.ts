/**
 * Runs a statechart written as plain data (`state-machines/chart.ts`) with xstate v5's
 * semantics for the subset the session chart uses: nested states, guarded transitions that
 * bubble to ancestors, sibling and `#id` targets, `reenter`, entry and exit actions, named delays
 * (`after`), and one invoked callback or promise actor per state. Events sent while a step runs
 * wait in a mailbox; timers, actor starts and stops run after the step, as xstate defers them.
 *
 * Why not xstate's actor: every session runs this chart, and xstate's runtime (its `Actor`,
 * system, mailbox and scheduler; ~12 KB gz, ~6.7 KB of heap per session) is most of what a
 * connect+call app loads and of an idle session's memory. xstate's pure `transition()` does not
 * avoid it (it builds an actor for each call). The same chart still builds the xstate machine
 * (`state-machines/session-machine.ts`), and `test/unit/machine/actor.test.ts` runs the same
 * scenarios through both.
 * @internal
 * @module
 */
import type {
  ActionRef,
  ActorImplementation,
  ChartConfig,
  ChartImplementations,
  GuardRef,
  StateConfig,
  TransitionConfig,
  TransitionsConfig,
} from '../../state-machines/chart.js';

/** A state value, as xstate writes it: `'idle'`, `{ active: 'connecting' }`. */
export type StateValue = string | { readonly [key: string]: StateValue };

/** A clock for the chart's delays (xstate's `SimulatedClock` fits; default: the global timers). */
export interface ChartClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What a chart's state looks like from outside: its context, and which state it is in. */
export interface ChartState<C> {
  /** The context (replaced, never mutated, by each update). */
  readonly context: C;
  /** The current state value. */
  readonly value: StateValue;
  /** Whether the current state is `value` or inside it (`'active'`, `{ active: 'established' }`). */
  matches(value: StateValue): boolean;
}

interface Transition {
  readonly source: Node;
  readonly target: Node | undefined;
  readonly targetPath: string | undefined;
  readonly guard: GuardRef | undefined;
  readonly actions: readonly ActionRef[];
  readonly reenter: boolean;
  /** What taking it exits and enters, once worked out. */
  plan: Plan | undefined;
}

interface Node {
  readonly id: string;
  readonly parent: Node | undefined;
  readonly path: readonly string[];
  readonly value: StateValue;
  readonly config: StateConfig;
  readonly children: Map<string, Node>;
  /** Transitions by event type, `after` and `invoke` ones included under xstate's event names. */
  readonly on: Map<string, Transition[]>;
  /** Delayed events entered with this state: [delay name, event type]. */
  readonly after: ReadonlyArray<readonly [string, string]>;
  readonly entry: readonly ActionRef[];
  readonly exit: readonly ActionRef[];
  initialChild: Node | undefined;
}

const list = <T>(x: T | readonly T[] | undefined): readonly T[] => (x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T]);

/** Compiled charts, shared by every runner of the same chart. */
const compiled = new WeakMap<ChartConfig, Node>();

function compile(chart: ChartConfig): Node {
  const known = compiled.get(chart);
  if (known) return known;
  const byId = new Map<string, Node>();
  const pending: Transition[] = [];
  const build = (key: string, config: StateConfig, parent: Node | undefined): Node => {
    const path = parent ? [...parent.path, key] : [];
    const value = path.reduceRight<StateValue | undefined>((inner, k) => (inner === undefined ? k : { [k]: inner }), undefined) ?? '';
    const id = parent ? `${parent.id}.${key}` : key;
    const after: Array<readonly [string, string]> = [];
    const node: Node = { id, parent, path, value, config, children: new Map(), on: new Map(), after, entry: list(config.entry), exit: list(config.exit), initialChild: undefined };
    byId.set(id, node);
    const add = (event: string, transitions: TransitionsConfig | undefined): void => {
      if (transitions === undefined) return;
      const configs: readonly TransitionConfig[] = typeof transitions === 'string' ? [{ target: transitions }] : list(transitions as TransitionConfig | readonly TransitionConfig[]);
      const resolved = configs.map((t) => {
        const tr: Transition = { source: node, target: undefined, targetPath: t.target, guard: t.guard, actions: list(t.actions), reenter: t.reenter ?? false, plan: undefined };
        pending.push(tr);
        return tr;
      });
      node.on.set(event, resolved);
    };
    for (const [event, t] of Object.entries(config.on ?? {})) add(event, t);
    for (const [delay, t] of Object.entries(config.after ?? {})) {
      const event = `xstate.after.${delay}.${id}`;
      after.push([delay, event]);
      add(event, t);
    }
    if (config.invoke) {
      add(`xstate.done.actor.${config.invoke.id}`, config.invoke.onDone);
      add(`xstate.error.actor.${config.invoke.id}`, config.invoke.onError);
    }
    for (const [k, c] of Object.entries(config.states ?? {})) node.children.set(k, build(k, c, node));
    if (config.initial !== undefined) node.initialChild = node.children.get(config.initial);
    return node;
  };
  const root = build(chart.id, chart, undefined);
  for (const t of pending) {
    if (t.targetPath === undefined) continue;
    const target = t.targetPath.startsWith('#')
      ? byId.get(t.targetPath.slice(1))
      : t.targetPath.split('.').reduce<Node | undefined>((n, k) => n?.children.get(k), t.source.parent ?? t.source);
    if (!target) throw new Error(`no state ${t.targetPath} in chart ${chart.id}`);
    (t as { target: Node | undefined }).target = target;
  }
  compiled.set(chart, root);
  return root;
}

const isWithin = (node: Node, ancestor: Node): boolean => {
  for (let n: Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
};

/** What taking a transition with a target exits down to and enters: fixed by the chart, so worked out once. */
interface Plan {
  /** The transition's domain: states below it are exited (from the current leaf up). */
  readonly domain: Node;
  /** The states entered, outermost first: down to the target, then its initial states. */
  readonly entered: readonly Node[];
}

/** The states from below `domain` down to `target`, then `target`'s initial states. */
function entryPath(domain: Node, target: Node): Node[] {
  const path: Node[] = [];
  for (let n = target; n !== domain; n = n.parent!) path.unshift(n);
  for (let n = target.initialChild; n; n = n.initialChild) path.push(n);
  return path;
}

/** Works out a transition's {@link Plan} and keeps it on the transition. */
function planOf(t: Transition, target: Node): Plan {
  // The domain: the source itself for a target inside it (unless re-entering), else the nearest
  // ancestor of the source that holds the target.
  let domain: Node = t.source;
  if (t.reenter || !isWithin(target, t.source)) {
    domain = t.source.parent ?? t.source;
    while (!isWithin(target, domain)) domain = domain.parent!;
  }
  const plan: Plan = { domain, entered: entryPath(domain, target) };
  t.plan = plan;
  return plan;
}

/** A few values by key, in a list: lighter than a Map (~190 bytes each) for two or three. */
class Entries<V> {
  /** Made with the first entry, dropped with the last: an idle runner holds no list. */
  #list: Array<[string, V]> | undefined;
  get(key: string): V | undefined {
    if (this.#list) for (const e of this.#list) if (e[0] === key) return e[1];
    return undefined;
  }
  set(key: string, value: V): void {
    this.take(key);
    (this.#list ??= []).push([key, value]);
  }
  take(key: string): V | undefined {
    const list = this.#list;
    const i = list ? list.findIndex((e) => e[0] === key) : -1;
    if (i < 0) return undefined;
    const value = list!.splice(i, 1)[0]![1];
    if (list!.length === 0) this.#list = undefined;
    return value;
  }
  takeAll(): V[] {
    const values = this.#list ? this.#list.map((e) => e[1]) : [];
    this.#list = undefined;
    return values;
  }
}

/** A running invoked actor. */
interface Child {
  stopped: boolean;
  cleanup: (() => void) | undefined;
}

const GLOBAL_CLOCK: ChartClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * One running instance of a chart.
 *
 * @typeParam C - the context.
 * @typeParam E - the events it is sent.
 */
export class ChartRunner<C extends object, E extends { readonly type: string }> implements ChartState<C> {
  readonly #root: Node;
  readonly #impl: ChartImplementations;
  readonly #clock: ChartClock;
  #leaf: Node;
  #context: C;
  #mailbox: E[] | undefined;
  #processing = false;
  #deferred: Array<() => void> | undefined;
  /** Pending delayed events by event type (a few at most: a list weighs less than a Map). */
  readonly #timers = new Entries<unknown>();
  /** Running invoked actors by id (a few at most). */
  readonly #children = new Entries<Child>();
  #listener: (() => void) | undefined;
  #stopped = false;

  /**
   * @param chart - the chart.
   * @param implementations - its named actions, guards, delays and actors.
   * @param input - the input its `context` function is given.
   * @param clock - the timers for its delays.
   */
  constructor(chart: ChartConfig, implementations: ChartImplementations, input: unknown, clock: ChartClock = GLOBAL_CLOCK) {
    this.#root = compile(chart);
    this.#impl = implementations;
    this.#clock = clock;
    this.#context = (chart.context as (args: { input: unknown }) => C)({ input });
    this.#leaf = this.#root;
  }

  /** The current context. */
  get context(): C {
    return this.#context;
  }

  /** The current state value. */
  get value(): StateValue {
    return this.#leaf.value;
  }

  /** @inheritDoc */
  matches(value: StateValue): boolean {
    // Called on every request (is the session established?): no allocation on the common path.
    const path = this.#leaf.path;
    let v: StateValue = value;
    let i = 0;
    while (typeof v !== 'string') {
      let key: string | undefined;
      for (const k in v) {
        if (key !== undefined) return false;
        key = k;
      }
      if (key === undefined || path[i] !== key) return false;
      v = v[key]!;
      i++;
    }
    if (!v.includes('.')) return path[i] === v;
    const keys = v.split('.');
    return keys.every((k, j) => path[i + j] === k);
  }

  /** Calls `listener` after every step that took a transition (one listener). */
  subscribe(listener: () => void): void {
    this.#listener = listener;
  }

  /** Enters the initial state. */
  start(): void {
    this.#enterFrom(this.#root, this.#root, undefined as unknown as E);
    this.#settle();
  }

  /** Sends an event; one sent while a step runs is processed after it, in order. */
  send(event: E): void {
    if (this.#stopped) return;
    // The mailbox exists only while events wait (an idle runner holds none).
    if (this.#processing || this.#mailbox) {
      (this.#mailbox ??= []).push(event);
      if (this.#processing) return;
    }
    this.#processing = true;
    try {
      let next: E | undefined = this.#mailbox ? this.#mailbox.shift() : event;
      while (next !== undefined) {
        const e: E = next;
        const t = this.#select(e);
        if (t) {
          this.#take(t, e);
          this.#settle();
        }
        next = this.#mailbox?.shift();
      }
      this.#mailbox = undefined;
    } finally {
      this.#processing = false;
    }
  }

  /** Stops its timers and invoked actors; later events are ignored. */
  stop(): void {
    for (const h of this.#timers.takeAll()) this.#clock.clearTimeout(h);
    for (const child of this.#children.takeAll()) {
      child.stopped = true;
      child.cleanup?.();
    }
    this.#mailbox = undefined;
    this.#stopped = true;
  }

  /** After a step: its deferred work (timers, actors), then the listener. */
  #settle(): void {
    const deferred = this.#deferred;
    this.#deferred = undefined;
    if (deferred) for (const d of deferred) d();
    this.#listener?.();
  }

  /** The transition `event` takes: the deepest state's first enabled one, else its parent's. */
  #select(event: E): Transition | undefined {
    for (let n: Node | undefined = this.#leaf; n; n = n.parent) {
      const ts = n.on.get(event.type);
      if (!ts) continue;
      for (const t of ts) if (t.guard === undefined || this.#guard(t.guard, event)) return t;
    }
    return undefined;
  }

  #take(t: Transition, event: E): void {
    const target = t.target;
    if (!target) {
      this.#exec(t.actions, event);
      return;
    }
    const plan = t.plan ?? planOf(t, target);
    for (let n = this.#leaf; n !== plan.domain; n = n.parent!) this.#exit(n, event);
    this.#leaf = plan.domain;
    this.#exec(t.actions, event);
    for (const n of plan.entered) this.#enter(n, event);
  }

  /** Enters the states from below `domain` down to `target`, then `target`'s initial states. */
  #enterFrom(domain: Node, target: Node, event: E): void {
    for (const n of entryPath(domain, target)) this.#enter(n, event);
  }

  #enter(node: Node, event: E): void {
    this.#leaf = node;
    this.#exec(node.entry, event);
    for (const [delay, type] of node.after) {
      const ms = (this.#impl.delays[delay] as ((args: unknown) => number) | undefined)?.({ context: this.#context, event });
      if (ms === undefined) throw new Error(`chart: no delay ${delay}`);
      (this.#deferred ??= []).push(() => {
        this.#timers.set(
          type,
          this.#clock.setTimeout(() => {
            this.#timers.take(type);
            this.send({ type } as E);
          }, ms),
        );
      });
    }
    const invoke = node.config.invoke;
    if (invoke) {
      const input = (invoke.input as ((args: unknown) => unknown) | undefined)?.({ context: this.#context, event });
      const child: Child = { stopped: false, cleanup: undefined };
      this.#children.set(invoke.id, child);
      const impl = this.#impl.actors[invoke.src];
      if (!impl) throw new Error(`chart: no actor ${invoke.src}`);
      (this.#deferred ??= []).push(() => this.#startChild(invoke.id, child, impl, input));
    }
  }

  #exit(node: Node, event: E): void {
    this.#exec(node.exit, event);
    for (const [, type] of node.after) {
      (this.#deferred ??= []).push(() => {
        const h = this.#timers.take(type);
        if (h !== undefined) this.#clock.clearTimeout(h);
      });
    }
    const invoke = node.config.invoke;
    if (invoke) {
      const child = this.#children.take(invoke.id);
      if (child) {
        child.stopped = true;
        (this.#deferred ??= []).push(() => child.cleanup?.());
      }
    }
  }

  #startChild(id: string, child: Child, impl: ActorImplementation, input: unknown): void {
    if (child.stopped) return;
    if ('callback' in impl) {
      const sendBack = (event: E): void => {
        if (!child.stopped) this.send(event);
      };
      child.cleanup = (impl.callback as (input: unknown, sendBack: (event: E) => void) => () => void)(input, sendBack);
      return;
    }
    const settle = (type: string, key: 'output' | 'error', value: unknown): void => {
      if (child.stopped) return;
      child.stopped = true;
      if (this.#children.get(id) === child) this.#children.take(id);
      this.send({ type, [key]: value } as unknown as E);
    };
    let promise: PromiseLike<unknown>;
    try {
      promise = (impl.promise as (input: unknown) => PromiseLike<unknown>)(input);
    } catch (error) {
      promise = Promise.reject(error);
    }
    Promise.resolve(promise).then(
      (output) => settle(`xstate.done.actor.${id}`, 'output', output),
      (error: unknown) => settle(`xstate.error.actor.${id}`, 'error', error),
    );
  }

  #guard(ref: GuardRef, event: E): boolean {
    const type = typeof ref === 'string' ? ref : ref.type;
    const params = typeof ref === 'string' ? undefined : ref.params;
    const guard = this.#impl.guards[type] as ((args: unknown, params: unknown) => boolean) | undefined;
    if (!guard) throw new Error(`chart: no guard ${type}`);
    return guard({ context: this.#context, event }, params);
  }

  #exec(actions: readonly ActionRef[], event: E): void {
    if (actions.length === 0) return;
    // The context is updated in place, so one `args` serves every action of the list.
    const args = { context: this.#context, event };
    for (const ref of actions) {
      const type = typeof ref === 'string' ? ref : ref.type;
      let params = typeof ref === 'string' ? undefined : ref.params;
      if (typeof params === 'function') params = (params as (args: unknown) => unknown)(args);
      const update = this.#impl.updates[type] as ((args: unknown, params: unknown) => Partial<C>) | undefined;
      if (update) {
        Object.assign(this.#context, update(args, params));
        continue;
      }
      const effect = this.#impl.effects[type] as ((args: unknown, params: unknown) => void) | undefined;
      if (!effect) throw new Error(`chart: no action ${type}`);
      effect(args, params);
    }
  }
}
