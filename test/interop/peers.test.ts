/**
 * Peer interop through each router: wampkit against Autobahn|JS (npm `autobahn`) and wampy.js
 * (npm `wampy`), both directions of RPC and PubSub, with args and kwargs of every JSON type,
 * and binary where the serializer carries it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Result, WampError, connect, type Session } from '../../src/index.js';
import type { SerializerName } from '../../src/serializers/index.js';
import { deferred } from './conformance-context.js';
import { autobahnPeer, wampyPeer, type Payload, type Peer } from './peers.js';
import { selectedTargets } from './real-routers.js';

const SERIALIZERS: readonly SerializerName[] = ['json', 'msgpack'];
const PEERS = { autobahn: autobahnPeer, wampy: wampyPeer } as const;

/** Values every JSON-compatible serializer carries. */
function everyJsonType(): Payload {
  return {
    args: [null, true, false, 0, -1, 42, 2 ** 53 - 1, -(2 ** 53 - 1), 1.5, -0.25, '', 'ünïcødé ☃ 𝄞 😀 日本語', [], {}, [1, ['two', [3]]], { a: { b: { c: [true, null] } } }],
    kwargs: { emoji: '🙂', big: 2 ** 53 - 1, nested: { list: [1, 2, { deep: 'yes' }], empty: {} }, flag: false, nothing: null },
  };
}

let n = 0;
const uri = (name: string): string => `com.wampkit.peers.r${Date.now().toString(36)}.t${++n}.${name}`;

for (const target of selectedTargets()) {
  describe(`peers via ${target.name}`, () => {
    beforeAll(() => target.start(), 120_000);
    afterAll(() => target.stop());

    for (const serializer of SERIALIZERS) {
      for (const [peerName, makePeer] of Object.entries(PEERS)) {
        describe(`${peerName} ${serializer} via ${target.name}`, () => {
          let peer: Peer | undefined;
          let session: Session | undefined;
          const open = async (): Promise<{ peer: Peer; session: Session }> => {
            const url = target.urls.websocket!;
            peer = await makePeer(url, serializer);
            session = await connect({ url, realm: 'realm1', serializers: [serializer] });
            return { peer, session };
          };
          afterEach(async () => {
            await peer?.close();
            await session?.close();
            peer = undefined;
            session = undefined;
          });

          it(`wampkit calls a ${peerName} callee`, async () => {
            const { peer: p, session: s } = await open();
            const proc = uri('echo');
            await p.register(proc, (x) => x);
            const sent = everyJsonType();
            const r = await s.call(proc, sent.args, sent.kwargs);
            expect(r.args).toEqual(sent.args);
            expect(r.kwargs).toEqual(sent.kwargs);
          });

          it(`${peerName} calls a wampkit callee`, async () => {
            const { peer: p, session: s } = await open();
            const proc = uri('echo');
            await s.register(proc, (args, kwargs) => new Result(args, kwargs));
            const sent = everyJsonType();
            expect(await p.call(proc, sent)).toEqual(sent);
          });

          it(`errors cross both ways with uri, args and kwargs (wampkit ↔ ${peerName})`, async () => {
            const { peer: p, session: s } = await open();
            const theirs = uri('their_fail');
            await p.register(theirs, () => ({ uri: 'com.example.error.theirs', args: ['bad', 1], kwargs: { why: 'because' } }));
            const err = await s.call(theirs).catch((e: unknown) => e);
            expect(err).toBeInstanceOf(WampError);
            expect(err).toMatchObject({ uri: 'com.example.error.theirs', args: ['bad', 1], kwargs: { why: 'because' } });
            const ours = uri('our_fail');
            await s.register(ours, () => {
              throw new WampError('com.example.error.ours', { args: ['nope'], kwargs: { code: 7 } });
            });
            const theirErr = (await p.call(ours, { args: [], kwargs: {} }).catch((e: unknown) => e)) as Record<string, unknown>;
            expect(theirErr).toBeDefined();
            expect(JSON.stringify({ ...theirErr, message: (theirErr as unknown as Error).message })).toContain('com.example.error.ours');
          });

          it(`${peerName} publishes, wampkit receives`, async () => {
            const { peer: p, session: s } = await open();
            const topic = uri('topic');
            const got = deferred<Payload>();
            await s.subscribe(topic, (args, kwargs) => got.resolve({ args, kwargs }));
            const sent = everyJsonType();
            await p.publish(topic, sent);
            expect(await got.promise).toEqual(sent);
          });

          it(`wampkit publishes, ${peerName} receives`, async () => {
            const { peer: p, session: s } = await open();
            const topic = uri('topic');
            const got = deferred<Payload>();
            await p.subscribe(topic, (x) => got.resolve(x));
            const sent = everyJsonType();
            await s.publish(topic, sent.args, sent.kwargs, { acknowledge: true });
            expect(await got.promise).toEqual(sent);
          });

          // Payload Passthru Mode (wampy.js has it): [payload_passthru_mode] both directions.
          if (peerName === 'wampy') {
            const pptSkip = async (s: Session, ctx: { skip(why: string): never }) => {
              const roles = s.details['roles'] as Record<string, { features?: Record<string, unknown> }>;
              if (roles['broker']?.features?.['payload_passthru_mode'] !== true || roles['dealer']?.features?.['payload_passthru_mode'] !== true) {
                ctx.skip(`${target.name} lacks payload_passthru_mode (not announced)`);
              }
            };
            it(`[payload_passthru_mode] ${peerName} publishes and calls in passthru mode, wampkit unpacks; wampkit publishes, ${peerName} unpacks`, async (ctx) => {
              const { peer: p, session: s } = await open();
              await pptSkip(s, ctx);
              const topic = uri('ppt');
              const got = deferred<[unknown[], Record<string, unknown>, unknown]>();
              await s.subscribe(topic, (a, k, d) => got.resolve([a, k, d.passthru]));
              await p.publishPassthru!(topic, { args: ['from', peerName], kwargs: { n: 1 } }, { ppt_scheme: 'x_interop', ppt_serializer: 'native' });
              const [args, kwargs, ppt] = await got.promise;
              expect(args).toEqual(['from', peerName]);
              expect(kwargs).toEqual({ n: 1 });
              expect(ppt).toMatchObject({ scheme: 'x_interop', serializer: 'native', unpacked: true });
              const back = deferred<Payload>();
              const topic2 = uri('ppt_back');
              await p.subscribe(topic2, (x) => back.resolve(x));
              await s.publish(topic2, ['to', peerName], { n: 2 }, { acknowledge: true, passthru: { scheme: 'x_interop', serializer: 'json' } });
              expect(await back.promise).toEqual({ args: ['to', peerName], kwargs: { n: 2 } });
              const proc = uri('ppt_call');
              await s.register(proc, (a, k, c) => new Result([a[0], c.passthru?.scheme], k));
              const r = await p.callPassthru!(proc, { args: [7], kwargs: { k: 'v' } }, { ppt_scheme: 'x_interop', ppt_serializer: 'json' });
              expect(r).toEqual({ args: [7, 'x_interop'], kwargs: { k: 'v' } });
            });
          }

          // JSON carries binary only by wampkit's "\0"+base64 convention, which these peers do not speak.
          if (serializer !== 'json') it(`binary values cross both ways (wampkit ↔ ${peerName}, ${serializer})`, async () => {
            const { peer: p, session: s } = await open();
            const proc = uri('bytes');
            await p.register(proc, (x) => x);
            const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 7) % 256);
            const r = await s.call(proc, [bytes], { also: bytes });
            expect(Array.from(r.args[0] as Uint8Array)).toEqual(Array.from(bytes));
            expect(Array.from(r.kwargs['also'] as Uint8Array)).toEqual(Array.from(bytes));
          });
        });
      }
    }
  });
}
