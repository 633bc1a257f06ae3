/**
 * A router greets every session alike but for the session id: a WELCOME whose JSON text equals
 * the last one's after the id has only its head parsed again; its details are the checked,
 * deep-frozen ones of before. The message is still checked (the session id above all), and a
 * WELCOME that differs is parsed and checked as any message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../../src/errors.js';
import { Session } from '../../../src/session/session.js';
import { serializerFor } from '../../../src/serializers/load.js';
import { fakeRouter } from './fake-router.js';

const json = serializerFor('json') as Exclude<ReturnType<typeof serializerFor>, Promise<unknown>>;

/** A WELCOME frame as a router writes it (its JSON text, id first). */
const welcome = (id: string, authid = 'joe'): string =>
  `[2,${id},{"authid":"${authid}","authrole":"user","roles":{"broker":{"features":{"publisher_identification":true}},"dealer":{"features":{"call_canceling":true}}}}]`;

/** The routers of sessions still open (each is dropped by {@link end}). */
const routers = new WeakMap<Session, ReturnType<typeof fakeRouter>>();

/** Opens a session whose router answers HELLO with `frame`; resolves with it (or the error). */
async function greet(frame: string): Promise<Session | Error> {
  const router = fakeRouter((_hello, r) => r.sendRaw(frame));
  const s = new Session({ transport: router.connector, realm: 'realm.welcome', serializers: ['json'], reconnect: false });
  try {
    await s.open();
    routers.set(s, router);
    return s;
  } catch (error) {
    return error as Error;
  }
}

/** Ends an open session (the fake router drops the connection: it does not answer GOODBYE). */
async function end(s: Session | Error): Promise<void> {
  if (!(s instanceof Session)) return;
  const closed = s.closed();
  routers.get(s)?.drop();
  await closed;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('WELCOME reuse', () => {
  it('takes a WELCOME like the last one without parsing it again, with its own session id', async () => {
    const decode = vi.spyOn(json, 'decode');
    // Whole WELCOMEs parsed (not only their head: `[2,id]`).
    const welcomesParsed = (): number => decode.mock.calls.filter(([f]) => typeof f === 'string' && f.startsWith('[2,') && f.includes('roles')).length;
    const sessions: Session[] = [];
    for (const id of ['101', '102', '103', '9007199254740992']) {
      const s = await greet(welcome(id));
      expect(s).toBeInstanceOf(Session);
      sessions.push(s as Session);
    }
    // Parsed whole the first time only.
    expect(welcomesParsed()).toBe(1);
    expect(sessions.map((s) => s.id)).toEqual([101, 102, 103, 2 ** 53]);
    const [a, b, c, d] = sessions.map((s) => s.details);
    expect(a).toEqual({ authid: 'joe', authrole: 'user', roles: { broker: { features: { publisher_identification: true } }, dealer: { features: { call_canceling: true } } } });
    for (const x of [b, c, d]) expect(x).toBe(a); // one object for all of them, frozen
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen((d!['roles'] as { dealer: { features: object } }).dealer.features)).toBe(true);
    expect(sessions[3]!.supports('dealer', 'call_canceling')).toBe(true);
    for (const s of sessions) await end(s);
  });

  it('parses and checks a WELCOME that differs from the last one', async () => {
    for (const id of ['201', '202']) await end(await greet(welcome(id)));
    const decode = vi.spyOn(json, 'decode');
    const s = await greet(welcome('203', 'ann'));
    expect(decode.mock.calls.some(([f]) => typeof f === 'string' && f.includes('"ann"'))).toBe(true);
    expect((s as Session).details['authid']).toBe('ann');
    await end(s);
  });

  it('does not keep a WELCOME over 16 KB: the next one like it is parsed whole', async () => {
    const big = (id: string): string => welcome(id, 'x'.repeat(17_000));
    const decode = vi.spyOn(json, 'decode');
    const sessions = [await greet(big('401')), await greet(big('402'))];
    expect(decode.mock.calls.filter(([f]) => typeof f === 'string' && f.startsWith('[2,') && f.includes('roles'))).toHaveLength(2);
    expect((sessions[1] as Session).details).not.toBe((sessions[0] as Session).details);
    for (const s of sessions) await end(s);
  });

  it.each([
    ['an id past 2^53', '90071992547409930'],
    ['a negative id', '-1'],
    ['an id with a leading zero (not JSON)', '0123'],
    ['an id that is not an integer', '1.5'],
    ['no id', '"x"'],
  ])('still refuses %s in a WELCOME like the last one', async (_name, id) => {
    for (const ok of ['301', '302', '303']) await end(await greet(welcome(ok)));
    const result = await greet(welcome(id));
    expect(result).toBeInstanceOf(ProtocolError);
  });
});
