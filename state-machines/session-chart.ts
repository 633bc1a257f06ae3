/**
 * The WAMP session lifecycle as a statechart in plain data (see `chart.ts`).
 *
 * It owns the lifecycle only (connecting → challenging → established → closing → closed, plus
 * reconnecting and failed); request bookkeeping lives in the roles. It does no I/O and makes no
 * timers of its own: the transport is the invoked actor `transport`, and every side effect is a
 * named action. Their implementations call the session's {@link SessionHost}, which arrives in the
 * machine's input and lives in its context: one definition serves every session. Delays are named
 * (`closeTimeout`, `connectTimeout`, `reconnectDelay`) so a simulated clock drives them in tests.
 *
 * Two things run this one definition: xstate (`session-machine.ts`: diagrams, model tests, the
 * machine exported by `wampkit/protocol`) and the session's small runner
 * (`src/session/chart-runner.ts`), which keeps xstate's runtime out of applications' bundles and
 * heaps. `test/unit/machine/actor.test.ts` runs the same scenarios through both.
 *
 * Imports types only (CONVENTIONS.md 4).
 * @module
 */
import type { ChartArgs, ChartConfig, ChartImplementations } from './chart.js';

/** Reconnect policy: exponential backoff with jitter. */
export interface ReconnectPolicy {
  /** Delay before the first retry, in ms. Default 500. */
  readonly initialDelayMs: number;
  /** Upper bound of the delay, in ms. Default 30 000. */
  readonly maxDelayMs: number;
  /** Growth factor per attempt. Default 2. */
  readonly factor: number;
  /** Random spread as a fraction of the delay (0.1 = ±10 %). Default 0.1. */
  readonly jitter: number;
  /** Retries before giving up; `0` disables reconnecting, `Infinity` never gives up. Default 0. */
  readonly maxRetries: number;
}

/** Reconnect options as given by a user: any field left out takes its default. */
export interface ReconnectOptions {
  /** Delay before the first retry, in ms. Default 500. */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay, in ms. Default 30 000. */
  readonly maxDelayMs?: number;
  /** Growth factor per attempt. Default 2. */
  readonly factor?: number;
  /** Random spread as a fraction of the delay. Default 0.1. */
  readonly jitter?: number;
  /** Retries before giving up. Default `Infinity` when reconnecting is asked for. */
  readonly maxRetries?: number;
}

/** The default reconnect policy: no reconnecting (opt in with `maxRetries`). */
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.1,
  maxRetries: 0,
};

/** The last options filled in, and their policy: sessions that share options (most share "no reconnecting") share one policy. */
let last: [ReconnectOptions, ReconnectPolicy] | undefined;

/** The policy that `options` asks for, defaults filled in (read-only: it may be shared). */
export function withDefaults(options: ReconnectOptions = {}): ReconnectPolicy {
  if (last?.[0] === options) return last[1];
  const d = DEFAULT_RECONNECT;
  const policy: ReconnectPolicy = Object.freeze({
    initialDelayMs: options.initialDelayMs ?? d.initialDelayMs,
    maxDelayMs: options.maxDelayMs ?? d.maxDelayMs,
    factor: options.factor ?? d.factor,
    jitter: options.jitter ?? d.jitter,
    maxRetries: options.maxRetries ?? d.maxRetries,
  });
  last = [options, policy];
  return policy;
}

/**
 * The delay before reconnect attempt `attempt` (1-based).
 *
 * @param policy - the reconnect policy.
 * @param attempt - which retry this is, from 1.
 * @param random - a uniform number in [0, 1) for the jitter (0.5 means none).
 */
export function backoffDelay(policy: ReconnectPolicy, attempt: number, random = 0.5): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter * (2 * random - 1);
  return Math.max(0, Math.round(base + spread));
}

/** Why the session is no longer established: plain data, no error classes (the machine is pure). */
export interface EndReason {
  /** What ended it. */
  readonly kind: 'goodbye' | 'abort' | 'auth' | 'transport' | 'protocol' | 'local';
  /** A WAMP reason URI (`wamp.close.normal`, `wamp.error.no_such_realm`) or a transport reason. */
  readonly reason: string;
  /** A human-readable message, when there is one. */
  readonly message?: string;
  /** ABORT/GOODBYE details, when there are some. */
  readonly details?: Record<string, unknown>;
  /** The transport's own error, when a transport end had one (the cause of the session's error). */
  readonly error?: Error;
}

/** What an authenticator answers to a CHALLENGE: the AUTHENTICATE signature and extra. */
export interface AuthenticateReply {
  readonly signature: string;
  readonly extra: Record<string, unknown>;
}

/**
 * The effects a session supplies to the machine (I/O lives behind it; the machine only calls it
 * from its named actions, actor and delays).
 */
export interface SessionHost {
  /** Opens the transport; reports `transport.*`, `wamp.*` and `protocol.violation` through `sendBack`. Returns its cleanup. */
  runTransport(sendBack: (event: SessionMachineEvent) => void): () => void;
  /** Sends HELLO. */
  sendHello(): void;
  /**
   * Computes the answer to a CHALLENGE (runs as the machine's invoked `authenticate` actor: a
   * new CHALLENGE or leaving `challenging` discards a stale answer). Rejects when it cannot.
   */
  authenticate(authMethod: string, extra: Record<string, unknown>): Promise<AuthenticateReply>;
  /** Sends AUTHENTICATE. */
  sendAuthenticate(reply: AuthenticateReply): void;
  /** Sends GOODBYE (we close). */
  sendGoodbye(reason: string, message: string | undefined): void;
  /** Answers the router's GOODBYE. */
  replyGoodbye(): void;
  /** Sends ABORT. */
  sendAbort(reason: string, message: string): void;
  /** The session is established; `restore` after a reconnect (subscriptions and registrations are to be restored). */
  onEstablished(restore: boolean): void;
  /** The session left `established`. */
  onLeftEstablished(): void;
  /** Settles every outstanding request (`final` false while reconnecting). */
  settleRequests(end: EndReason | undefined, final: boolean): void;
  /** How long to wait for the router's GOODBYE after ours, in ms. */
  readonly closeTimeoutMs: number;
  /**
   * How long a connection attempt may take, in ms: socket, WebSocket or RawSocket handshake and
   * HELLO → WELCOME, and again for each CHALLENGE round. Expiry counts as a lost connection.
   */
  readonly connectTimeoutMs: number;
  /** The delay before reconnect attempt `attempt` (1-based), jitter included. */
  reconnectDelay(policy: ReconnectPolicy, attempt: number): number;
}

/** Context of the session machine. */
export interface SessionMachineContext {
  /** The session's effects. */
  readonly host: SessionHost;
  /** The reconnect policy. */
  readonly reconnect: ReconnectPolicy;
  /** Reconnect attempts since the session was last established (0 on the first connect). */
  attempt: number;
  /** Whether this session has been established since the last `session.open`. */
  wasEstablished: boolean;
  /** Session id from WELCOME, while established (and closing). */
  sessionId: number | undefined;
  /** WELCOME details of the current run. */
  welcomeDetails: Record<string, unknown>;
  /** The delay of the current reconnect wait, in ms. */
  delayMs: number;
  /** The last WELCOME followed a reconnect: subscriptions and registrations are to be restored. */
  restore: boolean;
  /** Why the session last left `established` (or never got there). */
  end: EndReason | undefined;
}

/** Input of the session machine. */
export interface SessionMachineInput {
  /** The reconnect policy (default {@link DEFAULT_RECONNECT}). */
  readonly reconnect?: ReconnectOptions;
  /** The session's effects (default: a host that does nothing). */
  readonly host?: SessionHost;
}

/** Events of the session machine: what happened, dotted (CONVENTIONS.md 5). */
export type SessionMachineEvent =
  | { type: 'session.open' }
  | { type: 'session.close'; reason?: string; message?: string }
  | { type: 'transport.opened' }
  | { type: 'transport.closed'; reason: string; wasClean: boolean; error?: Error }
  | { type: 'wamp.welcome'; session: number; details: Record<string, unknown> }
  | { type: 'wamp.challenge'; authMethod: string; extra: Record<string, unknown> }
  | { type: 'wamp.abort'; reason: string; details: Record<string, unknown> }
  | { type: 'wamp.goodbye'; reason: string; details: Record<string, unknown> }
  | { type: 'protocol.violation'; message: string };

const AUTH_REASONS = new Set([
  'wamp.error.not_authorized',
  'wamp.error.authorization_failed',
  'wamp.error.authentication_failed',
  'wamp.error.no_auth_method',
  'wamp.error.no_such_principal',
  'wamp.error.no_such_role',
]);

/** The actions for a message not valid in this state: ABORT `wamp.error.protocol_violation`. */
const violation = (text: string) =>
  [
    { type: 'sendAbort', params: { reason: 'wamp.error.protocol_violation', message: text } },
    { type: 'recordEnd', params: { kind: 'protocol', reason: 'wamp.error.protocol_violation', message: text } },
  ] as const;

const violationOf = [
  { type: 'sendAbort', params: ({ event }: { event: { message?: string } }) => ({ reason: 'wamp.error.protocol_violation', message: event.message ?? '' }) },
  {
    type: 'recordEnd',
    params: ({ event }: { event: { message?: string } }) =>
      ({ kind: 'protocol', reason: 'wamp.error.protocol_violation', message: event.message ?? '' }) as const,
  },
] as const;

const connectTimedOut = { type: 'recordEnd', params: ({ context }: { context: SessionMachineContext }) => ({ kind: 'transport', reason: `connect timed out after ${context.host.connectTimeoutMs} ms` }) as const } as const;

/** A connection attempt (or a CHALLENGE round) took too long: as a lost connection. */
const onConnectTimeout = [
  { guard: 'canReconnect', target: '#session.reconnecting', actions: connectTimedOut },
  { guard: 'wasEstablished', target: '#session.closed', actions: connectTimedOut },
  { target: '#session.failed', actions: connectTimedOut },
] as const;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const message = (details: Record<string, unknown>): string | undefined =>
  typeof details['message'] === 'string' ? details['message'] : undefined;


/** Every event the chart handles: the session's own and those of its invoked `authenticate` actor. */
export type SessionChartEvent =
  | SessionMachineEvent
  | { type: 'xstate.done.actor.authenticate'; output: AuthenticateReply }
  | { type: 'xstate.error.actor.authenticate'; error: unknown };

type Args = ChartArgs<SessionMachineContext, SessionChartEvent>;
type On<T extends SessionChartEvent['type']> = ChartArgs<SessionMachineContext, Extract<SessionChartEvent, { type: T }>>;

/** What one transition records as the end of a run (`recordEnd`). */
const endOf = ({ event }: On<'transport.closed'>): EndReason => ({ kind: 'transport', reason: event.reason, ...(event.error ? { error: event.error } : {}) });
const endByRouter =
  (kind: 'goodbye' | 'abort' | 'auth') =>
  ({ event }: On<'wamp.goodbye' | 'wamp.abort'>): EndReason => ({ kind, reason: event.reason, message: message(event.details), details: event.details });
const localEnd = ({ event }: On<'session.close'>): EndReason => ({ kind: 'local', reason: event.reason ?? 'wamp.close.normal' });
const welcomeOf = ({ event }: On<'wamp.welcome'>) => ({ session: event.session, details: event.details });

/**
 * The session chart's named implementations. Effects call the {@link SessionHost}; updates return
 * the context fields they change (xstate's `assign`).
 */
export const sessionImplementations = {
  effects: {
    /** Send HELLO once the transport is open. */
    sendHello: ({ context }: Args) => context.host.sendHello(),
    /** Send AUTHENTICATE with the authenticator's answer. */
    sendAuthenticate: ({ context }: Args, params: AuthenticateReply) => context.host.sendAuthenticate(params),
    /** Send GOODBYE (we close). */
    sendGoodbye: ({ context }: Args, params: { reason: string; message: string | undefined }) => context.host.sendGoodbye(params.reason, params.message),
    /** Answer the router's GOODBYE with GOODBYE `wamp.close.goodbye_and_out`. */
    replyGoodbye: ({ context }: Args) => context.host.replyGoodbye(),
    /** Send ABORT with a reason (protocol violation, failed authentication). */
    sendAbort: ({ context }: Args, params: { reason: string; message: string }) => context.host.sendAbort(params.reason, params.message),
    /** The session is established (restore subscriptions and registrations, resolve `open()`). */
    onEstablished: ({ context }: Args) => context.host.onEstablished(context.restore),
    /** The session left `established`. */
    onLeftEstablished: ({ context }: Args) => context.host.onLeftEstablished(),
    /**
     * Settle every outstanding request: the session is not established any more. `final` is
     * false while reconnecting (subscriptions and registrations are kept to be restored).
     */
    settleRequests: ({ context }: Args, params: { final: boolean }) => context.host.settleRequests(context.end, params.final),
  },
  updates: {
    recordWelcome: ({ context }: Args, params: { session: number; details: Record<string, unknown> }): Partial<SessionMachineContext> => ({
      sessionId: params.session,
      welcomeDetails: params.details,
      restore: context.wasEstablished,
      wasEstablished: true,
      attempt: 0,
      end: undefined,
    }),
    recordEnd: (_: Args, params: EndReason): Partial<SessionMachineContext> => ({ end: params }),
    /** The delay before the next reconnect attempt (the host adds jitter), kept for the status. */
    planReconnect: ({ context }: Args): Partial<SessionMachineContext> => ({ delayMs: context.host.reconnectDelay(context.reconnect, context.attempt + 1) }),
    countAttempt: ({ context }: Args): Partial<SessionMachineContext> => ({ attempt: context.attempt + 1 }),
    clearSession: (): Partial<SessionMachineContext> => ({ sessionId: undefined }),
    resetRun: (): Partial<SessionMachineContext> => ({ attempt: 0, wasEstablished: false, end: undefined, sessionId: undefined, restore: false }),
  },
  guards: {
    canReconnect: ({ context }: Args) => context.attempt < context.reconnect.maxRetries,
    wasEstablished: ({ context }: Args) => context.wasEstablished,
    /** A GOODBYE that says the router is shutting down (not that we are unwelcome), and retries are left. */
    canReconnectAfterShutdown: ({ context, event }: Args) =>
      event.type === 'wamp.goodbye' && event.reason === 'wamp.close.system_shutdown' && context.attempt < context.reconnect.maxRetries,
  },
  delays: {
    /** How long to wait for the router's GOODBYE after ours. */
    closeTimeout: ({ context }: Args) => context.host.closeTimeoutMs,
    /** How long connecting (socket, handshake, HELLO → WELCOME) or one CHALLENGE round may take. */
    connectTimeout: ({ context }: Args) => context.host.connectTimeoutMs,
    /** Backoff before the next reconnect attempt (the host adds the jitter). */
    reconnectDelay: ({ context }: Args) => context.delayMs,
  },
  actors: {
    /** The transport: sends back `transport.*`, `wamp.*` and `protocol.violation`; stopping it closes it. */
    transport: { callback: (input: { host: SessionHost }, sendBack: (event: SessionMachineEvent) => void) => input.host.runTransport(sendBack) },
    /** The answer to a CHALLENGE; a new CHALLENGE or leaving `challenging` discards it. */
    authenticate: {
      promise: (input: { host: SessionHost; authMethod: string; extra: Record<string, unknown> }) => input.host.authenticate(input.authMethod, input.extra),
    },
  },
} as const satisfies ChartImplementations;

/** The session chart: one definition for every session (see the module comment). */
export const sessionChart = {
  id: 'session',
  initial: 'idle',
  context: ({ input }: { input: SessionMachineInput }): SessionMachineContext => ({
    // The xstate machine (session-machine.ts) gives a host that does nothing when none is given.
    host: input.host!,
    reconnect: withDefaults(input.reconnect),
    welcomeDetails: {},
    delayMs: 0,
    restore: false,
    attempt: 0,
    wasEstablished: false,
    sessionId: undefined,
    end: undefined,
  }),
  states: {
    idle: {
      on: {
        'session.open': { target: 'active', actions: 'resetRun' },
        'session.close': { target: 'closed', actions: { type: 'recordEnd', params: { kind: 'local', reason: 'wamp.close.normal' } } },
      },
    },
    active: {
      invoke: { id: 'transport', src: 'transport', input: ({ context }: Args) => ({ host: context.host }) },
      initial: 'connecting',
      on: {
        'transport.closed': [
          { guard: 'canReconnect', target: 'reconnecting', actions: { type: 'recordEnd', params: endOf } },
          { guard: 'wasEstablished', target: 'closed', actions: { type: 'recordEnd', params: endOf } },
          { target: 'failed', actions: { type: 'recordEnd', params: endOf } },
        ],
        'protocol.violation': [
          { guard: 'wasEstablished', target: 'closed', actions: violationOf },
          { target: 'failed', actions: violationOf },
        ],
      },
      states: {
        connecting: {
          after: { connectTimeout: onConnectTimeout },
          on: {
            'transport.opened': { actions: 'sendHello' },
            'wamp.welcome': { target: 'established', actions: { type: 'recordWelcome', params: welcomeOf } },
            'wamp.challenge': { target: 'challenging' },
            'wamp.abort': {
              target: '#session.failed',
              actions: {
                type: 'recordEnd',
                params: ({ event }: On<'wamp.abort'>): EndReason => ({
                  kind: AUTH_REASONS.has(event.reason) ? 'auth' : 'abort',
                  reason: event.reason,
                  message: message(event.details),
                  details: event.details,
                }),
              },
            },
            'wamp.goodbye': { target: '#session.failed', actions: violation('GOODBYE before WELCOME') },
            'session.close': { target: '#session.closed', actions: { type: 'recordEnd', params: localEnd } },
          },
        },
        challenging: {
          after: { connectTimeout: onConnectTimeout },
          invoke: {
            id: 'authenticate',
            src: 'authenticate',
            input: ({ context, event }: Args) =>
              event.type === 'wamp.challenge'
                ? { host: context.host, authMethod: event.authMethod, extra: event.extra }
                : { host: context.host, authMethod: '', extra: {} },
            onDone: { actions: { type: 'sendAuthenticate', params: ({ event }: On<'xstate.done.actor.authenticate'>) => event.output } },
            onError: {
              target: '#session.failed',
              actions: [
                {
                  type: 'sendAbort',
                  params: ({ event }: On<'xstate.error.actor.authenticate'>) => ({ reason: 'wamp.error.authentication_failed', message: errorText(event.error) }),
                },
                {
                  type: 'recordEnd',
                  params: ({ event }: On<'xstate.error.actor.authenticate'>): EndReason => ({
                    kind: 'auth',
                    reason: 'wamp.error.authentication_failed',
                    message: errorText(event.error),
                  }),
                },
              ],
            },
          },
          on: {
            'wamp.welcome': { target: 'established', actions: { type: 'recordWelcome', params: welcomeOf } },
            'wamp.challenge': { target: 'challenging', reenter: true },
            'wamp.abort': { target: '#session.failed', actions: { type: 'recordEnd', params: endByRouter('auth') } },
            'wamp.goodbye': { target: '#session.failed', actions: violation('GOODBYE while challenging') },
            'session.close': { target: '#session.closed', actions: { type: 'recordEnd', params: localEnd } },
          },
        },
        established: {
          entry: 'onEstablished',
          exit: 'onLeftEstablished',
          on: {
            'session.close': {
              target: 'closing',
              actions: {
                type: 'recordEnd',
                params: ({ event }: On<'session.close'>): EndReason => ({ kind: 'local', reason: event.reason ?? 'wamp.close.normal', message: event.message }),
              },
            },
            'wamp.goodbye': [
              // The router is going down (for a restart, say): come back when it does.
              { guard: 'canReconnectAfterShutdown', target: '#session.reconnecting', actions: ['replyGoodbye', { type: 'recordEnd', params: endByRouter('goodbye') }] },
              { target: '#session.closed', actions: ['replyGoodbye', { type: 'recordEnd', params: endByRouter('goodbye') }] },
            ],
            'wamp.abort': { target: '#session.closed', actions: { type: 'recordEnd', params: endByRouter('abort') } },
            'wamp.welcome': { target: '#session.closed', actions: violation('WELCOME while established') },
            'wamp.challenge': { target: '#session.closed', actions: violation('CHALLENGE while established') },
          },
        },
        closing: {
          entry: {
            type: 'sendGoodbye',
            params: ({ context }: Args) => ({ reason: context.end?.reason ?? 'wamp.close.normal', message: context.end?.message }),
          },
          after: { closeTimeout: '#session.closed' },
          on: {
            'wamp.goodbye': '#session.closed',
            'wamp.abort': '#session.closed',
            'transport.closed': '#session.closed',
            'protocol.violation': '#session.closed',
            'session.close': {},
          },
        },
      },
    },
    reconnecting: {
      entry: [{ type: 'settleRequests', params: { final: false } }, 'clearSession', 'planReconnect'],
      after: { reconnectDelay: { target: 'active', actions: 'countAttempt' } },
      on: {
        'session.close': { target: 'closed', actions: { type: 'recordEnd', params: { kind: 'local', reason: 'wamp.close.normal' } } },
      },
    },
    closed: {
      entry: [{ type: 'settleRequests', params: { final: true } }, 'clearSession'],
      on: { 'session.open': { target: 'active', actions: 'resetRun' } },
    },
    failed: {
      entry: [{ type: 'settleRequests', params: { final: true } }, 'clearSession'],
      on: { 'session.open': { target: 'active', actions: 'resetRun' } },
    },
  },
} as const satisfies ChartConfig;
