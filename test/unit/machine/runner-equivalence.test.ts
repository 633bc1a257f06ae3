/**
 * The session chart's two runtimes must agree: random event sequences (seeded, so a failure
 * replays) go to xstate's actor and to the chart runner side by side, with a simulated clock
 * each; after every step their state, context and the effects they asked the host for are
 * compared.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor } from 'xstate';
import { ChartRunner } from '../../../src/session/chart-runner.js';
import {
  backoffDelay,
  sessionChart,
  sessionImplementations,
  sessionMachine,
  type SessionChartEvent,
  type SessionHost,
  type SessionMachineContext,
  type SessionMachineEvent,
} from '../../../state-machines/session-machine.js';
import { prng } from '../../helpers/prng.js';

type Step = { kind: 'event'; event: SessionMachineEvent } | { kind: 'tick'; ms: number } | { kind: 'flush' };

const EVENTS: Array<() => SessionMachineEvent> = [
  () => ({ type: 'session.open' }),
  () => ({ type: 'session.close' }),
  () => ({ type: 'session.close', reason: 'wamp.close.logout', message: 'bye' }),
  () => ({ type: 'transport.opened' }),
  () => ({ type: 'transport.closed', reason: 'lost', wasClean: false }),
  () => ({ type: 'transport.closed', reason: 'refused', wasClean: false, error: new Error('ECONNREFUSED') }),
  () => ({ type: 'wamp.welcome', session: 7, details: { roles: {} } }),
  () => ({ type: 'wamp.challenge', authMethod: 'ticket', extra: {} }),
  () => ({ type: 'wamp.abort', reason: 'wamp.error.not_authorized', details: { message: 'no' } }),
  () => ({ type: 'wamp.abort', reason: 'wamp.error.no_such_realm', details: {} }),
  () => ({ type: 'wamp.goodbye', reason: 'wamp.close.system_shutdown', details: {} }),
  () => ({ type: 'wamp.goodbye', reason: 'wamp.close.killed', details: { message: 'kicked' } }),
  () => ({ type: 'protocol.violation', message: 'bad frame' }),
];

function script(seed: number, length: number): Step[] {
  const random = prng(seed);
  const steps: Step[] = [{ kind: 'event', event: { type: 'session.open' } }];
  while (steps.length < length) {
    const r = random();
    if (r < 0.15) steps.push({ kind: 'tick', ms: [50, 100, 999, 1000, 5000][Math.floor(random() * 5)]! });
    else if (r < 0.25) steps.push({ kind: 'flush' });
    else steps.push({ kind: 'event', event: EVENTS[Math.floor(random() * EVENTS.length)]!() });
  }
  return steps;
}

interface Side {
  send(e: SessionMachineEvent): void;
  value(): unknown;
  context(): SessionMachineContext;
  clock: SimulatedClock;
  log: string[];
}

function side(kind: 'xstate' | 'runner', maxRetries: number): Side {
  const clock = new SimulatedClock();
  const log: string[] = [];
  let auths = 0;
  const host: SessionHost = {
    runTransport: () => {
      log.push('transport start');
      return () => log.push('transport stop');
    },
    sendHello: () => log.push('HELLO'),
    // Every other answer fails, the same way on both sides.
    authenticate: (method) => (++auths % 2 === 0 ? Promise.reject(new Error(`refused ${auths}`)) : Promise.resolve({ signature: `sig ${method} ${auths}`, extra: {} })),
    sendAuthenticate: (reply) => log.push(`AUTHENTICATE ${reply.signature}`),
    sendGoodbye: (reason, message) => log.push(`GOODBYE ${reason} ${message ?? ''}`),
    replyGoodbye: () => log.push('GOODBYE reply'),
    sendAbort: (reason, message) => log.push(`ABORT ${reason} ${message}`),
    onEstablished: (restore) => log.push(`established restore=${restore}`),
    onLeftEstablished: () => log.push('left'),
    settleRequests: (end, final) => log.push(`settle ${end?.kind}/${end?.reason} final=${final}`),
    closeTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
    reconnectDelay: (policy, attempt) => backoffDelay(policy, attempt),
  };
  const input = { host, reconnect: { maxRetries, initialDelayMs: 100, factor: 2, jitter: 0, maxDelayMs: 1000 } };
  if (kind === 'xstate') {
    const actor = createActor(sessionMachine, { clock, input });
    actor.start();
    return { send: (e) => actor.send(e), value: () => actor.getSnapshot().value, context: () => actor.getSnapshot().context, clock, log };
  }
  const runner = new ChartRunner<SessionMachineContext, SessionChartEvent>(sessionChart, sessionImplementations, input, clock);
  runner.start();
  return { send: (e) => runner.send(e), value: () => runner.value, context: () => runner.context, clock, log };
}

/** The context without the host, with errors as their messages. */
const plain = (c: SessionMachineContext) => {
  const { host: _host, ...rest } = c;
  return { ...rest, end: c.end && { ...c.end, error: c.end.error?.message } };
};

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('session chart: the runner agrees with xstate', () => {
  for (const maxRetries of [0, 3]) {
    it(`on 300 random sequences of 40 steps (maxRetries ${maxRetries})`, async () => {
      for (let seed = 1; seed <= 300; seed++) {
        const a = side('xstate', maxRetries);
        const b = side('runner', maxRetries);
        for (const [i, step] of script(seed * 31 + maxRetries, 40).entries()) {
          for (const s of [a, b]) {
            if (step.kind === 'event') s.send(step.event);
            else if (step.kind === 'tick') s.clock.increment(step.ms);
          }
          if (step.kind === 'flush') await flush();
          const where = `seed ${seed}, step ${i} (${JSON.stringify(step)})`;
          expect(b.value(), where).toEqual(a.value());
          expect(plain(b.context()), where).toEqual(plain(a.context()));
          expect(b.log, where).toEqual(a.log);
        }
      }
    });
  }
});
