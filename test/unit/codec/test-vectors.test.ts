/**
 * The WAMP project's own test vectors: every JSON, MessagePack and CBOR sample decodes to its
 * expected attributes ("at least one variant decodes; every variant that decodes agrees"), and
 * what we encode decodes back to the same message. The options/details validation samples
 * (`wmsg`) pass or fail as the vectors say, failures as a ProtocolError naming the field.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, makeSerializer, type WampMessage } from '../../../src/protocol/index.js';
import { ProtocolError } from '../../../src/index.js';
import { attributesOf, frameOf, loadVectors } from './vectors.js';

const SERIALIZERS = ['json', 'msgpack', 'cbor'] as const;
const files = loadVectors();

describe('WAMP test vectors', () => {
  it('are all found (22 basic + advanced files)', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const vf of files) {
    describe(vf.file, () => {
      vf.samples.forEach((sample, i) => {
        const name = `${i + 1}. ${sample.description}`;
        if (sample.serializers && sample.expected_attributes) {
          const expected = sample.expected_attributes;
          for (const ser of SERIALIZERS) {
            const variants = sample.serializers[ser];
            if (!variants || variants.length === 0) continue;
            it(`${name} [${ser}]`, () => {
              const serializer = makeSerializer(ser);
              const decoded: WampMessage[] = [];
              for (const v of variants) {
                let raw: unknown;
                try {
                  raw = serializer.decode(frameOf(ser, v));
                } catch {
                  continue; // another implementation's encoding: skipped, as the suite's rules say
                }
                decoded.push(decodeMessage(raw));
              }
              expect(decoded.length).toBeGreaterThan(0);
              for (const msg of decoded) {
                expect(attributesOf(msg as unknown as Record<string, unknown>, expected)).toEqual(expected);
              }
              // Round trip: our encoding decodes back to the same message.
              const again = decodeMessage(serializer.decode(serializer.encode(encodeMessage(decoded[0]!))));
              expect(again).toEqual(decoded[0]);
            });
          }
        } else if (sample.wmsg) {
          const wmsg = sample.wmsg;
          const err = sample.expected_error;
          it(`${name} [validation]`, () => {
            if (err) {
              let thrown: unknown;
              try {
                decodeMessage(wmsg);
              } catch (e) {
                thrown = e;
              }
              expect(thrown).toBeInstanceOf(ProtocolError);
              expect((thrown as ProtocolError).message).toContain(err.contains);
            } else {
              expect(decodeMessage(wmsg).type).toBe(wmsg[0]);
            }
          });
        }
      });
    });
  }
});

describe('our encoding matches a vector variant', () => {
  // The spec lets implementations produce other valid representations; for JSON and CBOR ours is
  // byte-identical to the compact variant, which is worth keeping.
  for (const vf of files) {
    for (const sample of vf.samples) {
      if (!sample.serializers || !sample.expected_attributes) continue;
      for (const ser of ['json', 'cbor'] as const) {
        const variants = sample.serializers[ser];
        if (!variants) continue;
        it(`${vf.file}: ${sample.description} [${ser}]`, () => {
          const serializer = makeSerializer(ser);
          const msg = decodeMessage(serializer.decode(frameOf(ser, variants[0]!)));
          const ours = serializer.encode(encodeMessage(msg));
          const mine = typeof ours === 'string' ? ours : Buffer.from(ours).toString('hex');
          const theirs = variants.map((v) => (ser === 'json' ? (frameOf('json', v) as string) : v.bytes_hex));
          expect(theirs).toContain(mine);
        });
      }
    }
  }
});
