/**
 * Authentication against each router's listener with the test principals (test/routers/README.md):
 * ticket, WAMP-CRA, salted WAMP-CRA and WAMP-Cryptosign, right and wrong credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, SessionAbortedError, connect, cryptosignAuth, ticketAuth, wampcraAuth, type Authenticator } from '../../src/index.js';
import { skipWith } from './cases/advanced-rpc.js';
import { selectedTargets } from './real-routers.js';
import { PRINCIPALS } from './targets.js';

const P = PRINCIPALS;
const WRONG_SEED = '11'.repeat(32);

const cases: Array<{ name: string; auth: Authenticator; authid?: string; ok: boolean }> = [
  { name: 'ticket', auth: ticketAuth(P.ticket.authid, P.ticket.ticket), authid: P.ticket.authid, ok: true },
  { name: 'ticket with a wrong ticket', auth: ticketAuth(P.ticket.authid, 'wrong'), ok: false },
  { name: 'wampcra', auth: wampcraAuth(P.wampcra.authid, P.wampcra.secret), authid: P.wampcra.authid, ok: true },
  { name: 'wampcra with a wrong secret', auth: wampcraAuth(P.wampcra.authid, 'wrong'), ok: false },
  { name: 'wampcra with a salted secret', auth: wampcraAuth(P.wampcraSalted.authid, P.wampcraSalted.secret), authid: P.wampcraSalted.authid, ok: true },
  { name: 'cryptosign', auth: cryptosignAuth(P.cryptosign.authid, P.cryptosign.seed), authid: P.cryptosign.authid, ok: true },
  { name: 'cryptosign with an unknown key', auth: cryptosignAuth(P.cryptosign.authid, WRONG_SEED), ok: false },
];

for (const target of selectedTargets()) {
  describe(`router ${target.name} auth`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());
    for (const serializer of ['json', 'msgpack'] as const) {
      describe(`${target.name} websocket ${serializer}`, () => {
        for (const c of cases) {
          it(`[authentication] ${c.name}`, async (ctx) => {
            const gap = target.gaps['authentication'];
            if (gap) skipWith(ctx, `${target.name} lacks authentication: ${gap}`);
            const url = target.authUrl!;
            const attempt = connect({ url, realm: 'realm1', serializers: [serializer], auth: c.auth });
            if (c.ok) {
              const s = await attempt;
              expect(s.details).toMatchObject({ authid: c.authid, authrole: 'user', authmethod: c.auth.method });
              // An authenticated session works like any other.
              await s.register('com.wampkit.auth.echo', (a) => a[0]);
              expect((await s.call('com.wampkit.auth.echo', ['ok'])).args).toEqual(['ok']);
              await s.close();
            } else {
              const err = await attempt.catch((e: unknown) => e);
              expect(err).toBeInstanceOf(SessionAbortedError);
              expect(err).toBeInstanceOf(AuthenticationError);
            }
          });
        }
      });
    }
  });
}
