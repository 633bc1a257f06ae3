/**
 * The session against a fake router: hostile and broken input from "the router", and the rule
 * that every outstanding request settles when the session ends.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError, ProtocolError, Session, SessionAbortedError, SessionClosedError, TransportError, UsageError, WampError,
  ticketAuth, wampcraAuth, signCraChallenge,
} from '../../../src/index.js';
import { fakeRouter, type FakeRouter } from './fake-router.js';

async function established(r: FakeRouter = fakeRouter(), extra: Partial<ConstructorParameters<typeof Session>[0]> = {}) {
  const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], ...extra });
  await s.open();
  return { s, r };
}

describe('session against a misbehaving router', () => {
  it('announces the four roles with their features in HELLO', async () => {
    const { r } = await established();
    const hello = r.received[0]!;
    expect(hello[0]).toBe(1);
    expect(hello[1]).toBe('realm1');
    const roles = (hello[2] as { roles: Record<string, { features: Record<string, boolean> }> }).roles;
    expect(Object.keys(roles).sort()).toEqual(['callee', 'caller', 'publisher', 'subscriber']);
    expect(roles['caller']!.features['call_canceling']).toBe(true);
  });

  it.each([
    ['a frame that is not JSON', '[8, 48, 1', /malformed/],
    ['an unknown message type', '[99, 1, {}]', /unknown message type 99/],
    ['a message that is not a list', '{"a":1}', /must be a list/],
    ['an EVENT with a bad Details.publisher', '[36, 1, 2, {"publisher": "me"}, []]', /EVENT\.Details\.publisher/],
    ['a RESULT with an id out of range', `[50, ${2 ** 53 + 2}, {}]`, /RESULT\.Request\|id/],
    ['a HELLO sent to a client', '[1, "realm1", {"roles": {}}]', /HELLO is not valid/],
    ['a second WELCOME', '[2, 5, {}]', /WELCOME while established/],
  ])('%s: ABORT protocol_violation, close, reject outstanding calls', async (_name, frame, pattern) => {
    const { s, r } = await established();
    const pending = s.call('com.example.x');
    const abort = r.next((m) => m[0] === 3);
    r.sendRaw(frame);
    const m = await abort;
    expect(m[2]).toBe('wamp.error.protocol_violation');
    expect(String((m[1] as { message: string }).message)).toMatch(pattern);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionClosedError);
    expect((err as SessionClosedError).cause).toBeInstanceOf(ProtocolError);
    const end = await s.closed();
    expect(end.type).toBe('closed');
    expect(end.error).toBeInstanceOf(ProtocolError);
  });

  it('an oversize frame is a protocol violation', async () => {
    const { s, r } = await established(undefined, { maxMessageBytes: 1000 });
    const abort = r.next((m) => m[0] === 3);
    r.sendRaw(JSON.stringify([36, 1, 2, {}, ['x'.repeat(1100)]]));
    expect((await abort)[2]).toBe('wamp.error.protocol_violation');
    expect((await s.closed()).error).toBeInstanceOf(ProtocolError);
  });

  it('results for unknown requests and events for unknown subscriptions are ignored', async () => {
    const { s, r } = await established();
    r.send([50, 999, {}, [1]]);
    r.send([36, 12345, 1, {}, [1]]);
    r.send([8, 48, 999, {}, 'com.example.error']);
    // The session stays established and usable: a call still round-trips.
    const call = r.next((m) => m[0] === 48);
    const p = s.call('com.example.ok');
    const m = await call;
    r.send([50, m[1], {}, ['fine']]);
    expect((await p).args).toEqual(['fine']);
  });

  it('every kind of outstanding request settles when the transport vanishes', async () => {
    const { s, r } = await established();
    const reqs = [
      s.call('com.example.a'),
      s.publish('com.example.t', [], {}, { acknowledge: true }),
      s.subscribe('com.example.t', () => undefined),
      s.register('com.example.p', () => undefined),
    ];
    await r.next((m) => m[0] === 64);
    r.drop();
    const results = await Promise.allSettled(reqs);
    for (const res of results) {
      expect(res.status).toBe('rejected');
      expect((res as PromiseRejectedResult).reason).toBeInstanceOf(SessionClosedError);
    }
    expect((await s.closed()).error).toBeInstanceOf(TransportError);
  });

  it('a call with a client-side timeout sends CANCEL and rejects with TimeoutError', async () => {
    const { s, r } = await established();
    const cancel = r.next((m) => m[0] === 49);
    const err = s.call('com.example.slow', [], {}, { timeoutMs: 20 }).catch((e: unknown) => e);
    const c = await cancel;
    expect(c[2]).toEqual({ mode: 'killnowait' });
    expect(await err).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT', timeoutMs: 20 });
  });

  it('aborting the signal cancels with the chosen mode and rejects with CanceledError', async () => {
    const { s, r } = await established();
    const ac = new AbortController();
    const call = r.next((m) => m[0] === 48);
    const p = s.call('com.example.slow', [], {}, { signal: ac.signal, cancelMode: 'skip' }).catch((e: unknown) => e);
    const sent = await call;
    const cancel = r.next((m) => m[0] === 49);
    ac.abort();
    expect((await cancel)[2]).toEqual({ mode: 'skip' });
    expect(await p).toMatchObject({ name: 'CanceledError', mode: 'skip' });
    // A late RESULT for the canceled call is dropped.
    r.send([50, sent[1], {}, ['late']]);
  });

  it('progressive results reach onProgress before the final result', async () => {
    const { s, r } = await established();
    const call = r.next((m) => m[0] === 48);
    const chunks: unknown[] = [];
    const p = s.call('com.example.stream', [], {}, { onProgress: (c) => chunks.push(c.args[0]) });
    const m = await call;
    expect((m[2] as Record<string, unknown>)['receive_progress']).toBe(true);
    r.send([50, m[1], { progress: true }, [1]]);
    r.send([50, m[1], { progress: true }, [2]]);
    r.send([50, m[1], {}, ['done']]);
    expect((await p).args).toEqual(['done']);
    expect(chunks).toEqual([1, 2]);
  });

  it('ABORT in answer to HELLO rejects open() with SessionAbortedError', async () => {
    const r = fakeRouter((_h, rr) => rr.send([3, { message: 'no such realm' }, 'wamp.error.no_such_realm']));
    const s = new Session({ transport: r.connector, realm: 'nope', serializers: ['json'] });
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionAbortedError);
    expect(err).not.toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ reason: 'wamp.error.no_such_realm' });
    expect(s.status.type).toBe('failed');
  });

  it('a connector that fails rejects open() with TransportError', async () => {
    const s = new Session({
      transport: () => Promise.reject(new TransportError('refused')),
      realm: 'realm1',
    });
    await expect(s.open()).rejects.toBeInstanceOf(TransportError);
  });

  it('ticket: answers CHALLENGE with the ticket', async () => {
    const r = fakeRouter((hello, rr) => {
      expect(hello[2]).toMatchObject({ authmethods: ['ticket'], authid: 'joe' });
      rr.send([4, 'ticket', {}]);
    });
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], auth: ticketAuth('joe', 's3cret') });
    const opened = s.open();
    const auth = await r.next((m) => m[0] === 5);
    expect(auth[1]).toBe('s3cret');
    r.send([2, 77, { authid: 'joe', authrole: 'user', authmethod: 'ticket' }]);
    await opened;
    expect(s.details).toMatchObject({ authid: 'joe', authrole: 'user' });
  });

  it('wampcra: signs the challenge with HMAC-SHA256 (and a salted key when salted)', async () => {
    const challenge = '{"authid":"joe","nonce":"abc"}';
    const r = fakeRouter((_h, rr) => rr.send([4, 'wampcra', { challenge }]));
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], auth: wampcraAuth('joe', 'secret') });
    const opened = s.open();
    const auth = await r.next((m) => m[0] === 5);
    expect(auth[1]).toBe(await signCraChallenge('secret', challenge));
    r.send([2, 1, {}]);
    await opened;
  });

  it('ABORT while challenging rejects open() with AuthenticationError', async () => {
    const r = fakeRouter((_h, rr) => rr.send([4, 'ticket', {}]));
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], auth: ticketAuth('joe', 'wrong') });
    const opened = s.open().catch((e: unknown) => e);
    await r.next((m) => m[0] === 5);
    r.send([3, { message: 'bad ticket' }, 'wamp.error.not_authorized']);
    const err = await opened;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ reason: 'wamp.error.not_authorized' });
  });

  it('a CHALLENGE for a method not offered ABORTs and fails with AuthenticationError', async () => {
    const r = fakeRouter((_h, rr) => rr.send([4, 'cryptosign', {}]));
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], auth: ticketAuth('joe', 't') });
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(r.received.some((m) => m[0] === 3)).toBe(true);
  });

  it('status is observable as a discriminated union, ending with closed', async () => {
    const r = fakeRouter();
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'] });
    const seen: string[] = [];
    const done = (async () => {
      for await (const st of s.statuses()) seen.push(st.type);
    })();
    await s.open();
    const goodbye = r.next((m) => m[0] === 6);
    const closing = s.close();
    await goodbye;
    r.send([6, {}, 'wamp.close.goodbye_and_out']);
    await closing;
    await done;
    expect(seen).toEqual(['idle', 'connecting', 'established', 'closing', 'closed']);
  });

  it('router GOODBYE: the session replies GOODBYE goodbye_and_out', async () => {
    const { s, r } = await established();
    const reply = r.next((m) => m[0] === 6);
    r.send([6, { message: 'shutting down' }, 'wamp.close.system_shutdown']);
    expect((await reply)[2]).toBe('wamp.close.goodbye_and_out');
    expect(await s.closed()).toMatchObject({ type: 'closed', reason: 'wamp.close.system_shutdown' });
  });

  it('an INVOCATION for an unknown registration is answered with ERROR', async () => {
    const { r } = await established();
    const err = r.next((m) => m[0] === 8);
    r.send([68, 5, 4242, {}, []]);
    const m = await err;
    expect(m.slice(0, 5)).toEqual([8, 68, 5, {}, 'wamp.error.no_such_registration']);
  });

  it.each([
    ['call', (s: Session) => s.call('com.bad uri')],
    ['callInput', async (s: Session) => s.callInput('com..x').result],
    ['register', (s: Session) => s.register('com.#x', () => 1)],
    ['register with a prefix', (s: Session) => s.register('com.x.', () => 1, { match: 'prefix' })],
    ['publish', (s: Session) => s.publish('', ['x'])],
    ['subscribe', (s: Session) => s.subscribe('.com.x', () => undefined)],
  ] as const)('%s with an invalid URI rejects with a UsageError wamp.error.invalid_uri and sends nothing', async (_name, op) => {
    const { s, r } = await established();
    const before = r.received.length;
    const err = await op(s).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err).not.toBeInstanceOf(WampError);
    expect((err as WampError).uri).toBe('wamp.error.invalid_uri');
    expect(r.received.length).toBe(before);
  });

  it('a wildcard pattern with empty components is a valid subscription', async () => {
    const { s, r } = await established();
    const sub = r.next((m) => m[0] === 32);
    void s.subscribe('com..temp', () => undefined, { match: 'wildcard' });
    expect((await sub)[3]).toBe('com..temp');
  });

  describe('features the Dealer does not announce', () => {
    const bareDealer = () => fakeRouter((_h, r) => r.send([2, 1, { roles: { broker: {}, dealer: {} } }]));

    it('session.supports() tells what the router announced, typed by the spec names', async () => {
      const { s } = await established(bareDealer());
      expect(s.supports('dealer', 'progressive_call_invocations')).toBe(false);
      expect(s.supports('broker', 'pattern_based_subscription')).toBe(false);
      // @ts-expect-error: not a Dealer feature
      expect(s.supports('dealer', 'progressive_call_invocation')).toBe(false);
      const { s: full } = await established(fakeRouter(), { closeTimeoutMs: 10 });
      expect(full.supports('dealer', 'progressive_call_invocations')).toBe(true);
      await full.close();
      expect(full.supports('dealer', 'progressive_call_invocations')).toBe(false); // not established
    });

    it('callInput refuses up front with a UsageError wamp.error.feature_not_supported and sends nothing', async () => {
      const { s, r } = await established(bareDealer());
      expect(() => s.callInput('com.example.upload')).toThrow(UsageError);
      expect(() => s.callInput('com.example.upload')).toThrow(/wamp\.error\.feature_not_supported/);
      expect(r.received.filter((m) => m[0] === 48)).toEqual([]);
    });

    it('Options.timeout is enforced on the client when the Dealer lacks call_timeout', async () => {
      const { s, r } = await established(bareDealer());
      const call = r.next((m) => m[0] === 48);
      const err = s.call('com.example.slow', [], {}, { timeout: 20 }).catch((e: unknown) => e);
      expect(((await call)[2] as Record<string, unknown>)['timeout']).toBe(20);
      expect(await err).toMatchObject({ name: 'TimeoutError', timeoutMs: 20 });
      // No CANCEL to a Dealer that does not announce call canceling.
      expect(r.received.some((m) => m[0] === 49)).toBe(false);
    });
  });

  it('WampError.from keeps WampErrors and wraps the rest', () => {
    const e = new WampError('com.x');
    expect(WampError.from(e)).toBe(e);
    expect(WampError.from('x').uri).toBe('wamp.error.runtime_error');
  });
});

describe('a HELLO that cannot be sent', () => {
  it('fails the attempt at once with a TransportError that says why (no hang)', async () => {
    const r = fakeRouter();
    const s = new Session({ transport: r.connector, realm: 'realm1', serializers: ['json'], maxMessageBytes: 200 });
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/HELLO could not be sent: .*exceeds the message limit of 200 bytes/);
    expect(r.received).toEqual([]);
  });
});

describe('cancel mode kill', () => {
  it('settles on the Dealer\'s ERROR, not before', async () => {
    const { s, r } = await established();
    const ac = new AbortController();
    const callSent = r.next((m) => m[0] === 48);
    let settled = false;
    const call = s.call('com.example.long', [], {}, { signal: ac.signal, cancelMode: 'kill' }).catch((e: unknown) => {
      settled = true;
      return e;
    });
    const req = (await callSent)[1];
    const cancel = r.next((m) => m[0] === 49);
    ac.abort();
    expect((await cancel)[2]).toEqual({ mode: 'kill' });
    await new Promise((res) => setImmediate(res));
    expect(settled).toBe(false); // the callee has not stopped yet
    r.send([8, 48, req, {}, 'wamp.error.canceled']);
    expect(await call).toMatchObject({ name: 'CanceledError', mode: 'kill' });
  });

  it('rejects anyway after cancelTimeoutMs when the Dealer never answers', async () => {
    const { s } = await established();
    const ac = new AbortController();
    const call = s.call('com.example.long', [], {}, { signal: ac.signal, cancelMode: 'kill', cancelTimeoutMs: 30 }).catch((e: unknown) => e);
    ac.abort();
    expect(await call).toMatchObject({ name: 'CanceledError', mode: 'kill' });
  });

  it('killnowait and skip still reject at once', async () => {
    const { s } = await established();
    for (const mode of ['killnowait', 'skip'] as const) {
      const ac = new AbortController();
      const call = s.call('com.example.long', [], {}, { signal: ac.signal, cancelMode: mode }).catch((e: unknown) => e);
      ac.abort();
      expect(await call).toMatchObject({ name: 'CanceledError', mode });
    }
  });
});

describe('strict options', () => {
  it('a misspelt option is a type error and is refused at run time, naming the likely one; nothing is sent', async () => {
    const { s, r } = await established();
    const before = r.received.length;
    // @ts-expect-error: timeoutMS is not an option (timeoutMs is)
    const err = await s.call('com.example.x', [], {}, { timeoutMS: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(String((err as Error).message)).toMatch(/unknown call option "timeoutMS" \(did you mean timeoutMs\?\)/);
    // @ts-expect-error: not a publish option
    await expect(s.publish('com.example.t', [], {}, { ack: true })).rejects.toBeInstanceOf(UsageError);
    // @ts-expect-error: not a subscribe option
    await expect(s.subscribe('com.example.t', () => undefined, { matchh: 'prefix' })).rejects.toBeInstanceOf(UsageError);
    // @ts-expect-error: not a register option
    await expect(s.register('com.example.p', () => 1, { invoke_policy: 'first' })).rejects.toBeInstanceOf(UsageError);
    expect(r.received.length).toBe(before);
  });

  it('custom attributes go in "custom", are checked against _[a-z0-9_]{3,}, and are sent as they are', async () => {
    const { s, r } = await established();
    const call = r.next((m) => m[0] === 48);
    void s.call('com.example.x', [], {}, { custom: { _trace_id: 'abc' }, disclose_me: true }).catch(() => undefined);
    expect((await call)[2]).toEqual({ _trace_id: 'abc', disclose_me: true });
    // @ts-expect-error: custom keys start with an underscore
    await expect(s.call('com.example.x', [], {}, { custom: { trace: 1 } })).rejects.toThrow(/must match _\[a-z0-9_\]\{3,\}/);
    await expect(s.call('com.example.x', [], {}, { custom: { _X: 1 } })).rejects.toThrow(/must match/);
  });
});
