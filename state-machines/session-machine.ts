/**
 * The session chart (`session-chart.ts`) as an xstate v5 machine: for the diagrams in
 * `state-machines/`, the model tests, and applications that want to inspect or simulate the
 * lifecycle with xstate's tools. Sessions themselves run the same chart with the small runner in
 * `src/session/chart-runner.ts`; `test/unit/machine/actor.test.ts` runs the same scenarios
 * through both.
 *
 * Tests can swap actions with `provide()`, or pass a fake host in the input.
 *
 * Imports: xstate and the chart (CONVENTIONS.md 4).
 * @module
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import {
  backoffDelay,
  sessionChart,
  sessionImplementations as impl,
  type AuthenticateReply,
  type EndReason,
  type SessionHost,
  type SessionMachineContext,
  type SessionMachineEvent,
  type SessionMachineInput,
} from './session-chart.js';

export * from './session-chart.js';

/** The chart's functions take the chart's own argument type; xstate's are the same shape. */
const a = (args: { context: SessionMachineContext; event: SessionMachineEvent }): never => args as never;
const { effects: E, updates: U, guards: G, delays: D } = impl;

const machineSetup = setup({
  types: {
    context: {} as SessionMachineContext,
    events: {} as SessionMachineEvent,
    input: {} as SessionMachineInput,
  },
  actors: {
    transport: fromCallback<SessionMachineEvent, { host: SessionHost }>(({ input, sendBack }) => impl.actors.transport.callback(input, sendBack)),
    authenticate: fromPromise<AuthenticateReply, { host: SessionHost; authMethod: string; extra: Record<string, unknown> }>(({ input }) =>
      impl.actors.authenticate.promise(input),
    ),
  },
  actions: {
    sendHello: (x) => E.sendHello(a(x)),
    sendAuthenticate: (x, params: AuthenticateReply) => E.sendAuthenticate(a(x), params),
    sendGoodbye: (x, params: { reason: string; message: string | undefined }) => E.sendGoodbye(a(x), params),
    replyGoodbye: (x) => E.replyGoodbye(a(x)),
    sendAbort: (x, params: { reason: string; message: string }) => E.sendAbort(a(x), params),
    onEstablished: (x) => E.onEstablished(a(x)),
    onLeftEstablished: (x) => E.onLeftEstablished(a(x)),
    settleRequests: (x, params: { final: boolean }) => E.settleRequests(a(x), params),
    recordWelcome: assign((x, params: { session: number; details: Record<string, unknown> }) => U.recordWelcome(a(x), params)),
    recordEnd: assign((x, params: EndReason) => U.recordEnd(a(x), params)),
    planReconnect: assign((x) => U.planReconnect(a(x))),
    countAttempt: assign((x) => U.countAttempt(a(x))),
    clearSession: assign(() => U.clearSession()),
    resetRun: assign(() => U.resetRun()),
  },
  guards: {
    canReconnect: (x) => G.canReconnect(a(x)),
    wasEstablished: (x) => G.wasEstablished(a(x)),
    canReconnectAfterShutdown: (x) => G.canReconnectAfterShutdown(a(x)),
  },
  delays: {
    closeTimeout: (x) => D.closeTimeout(a(x)),
    connectTimeout: (x) => D.connectTimeout(a(x)),
    reconnectDelay: (x) => D.reconnectDelay(a(x)),
  },
});

/**
 * The session machine, one definition for every session, built from the chart. Its `transport`
 * actor (a callback actor that sends back `transport.opened`, `transport.closed`, `wamp.*` and
 * `protocol.violation`) and its actions call the {@link SessionHost} given as input. The chart is
 * checked against `chart.ts`'s types; xstate gets it as its own config type.
 */
/** A host that does nothing: pure transitions, diagrams and tests that swap actions. */
export const NO_HOST: SessionHost = {
  runTransport: () => () => undefined,
  sendHello: () => undefined,
  authenticate: () => Promise.reject(new Error('no authenticator')),
  sendAuthenticate: () => undefined,
  sendGoodbye: () => undefined,
  replyGoodbye: () => undefined,
  sendAbort: () => undefined,
  onEstablished: () => undefined,
  onLeftEstablished: () => undefined,
  settleRequests: () => undefined,
  closeTimeoutMs: 5_000,
  connectTimeoutMs: 10_000,
  reconnectDelay: (policy, attempt) => backoffDelay(policy, attempt),
};

export const sessionMachine = machineSetup.createMachine({
  ...sessionChart,
  context: ({ input }: { input: SessionMachineInput }) => sessionChart.context({ input: { ...input, host: input.host ?? NO_HOST } }),
} as unknown as Parameters<typeof machineSetup.createMachine>[0]);

/** The session machine's type. */
export type SessionMachine = typeof sessionMachine;
