/**
 * Ed25519 for WAMP-Cryptosign has two implementations: Node's own (`node:crypto`, native, nothing
 * more to load) and `@noble/curves` for browsers, which the package's `browser` field gives
 * bundlers in its place. Both must give the same keys and signatures (Ed25519 is deterministic)
 * and refuse the same bad signatures, and a Node app that imports wampkit must not load noble.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as nodeImpl from '../../../src/auth/ed25519.js';
import * as browserImpl from '../../../src/auth/ed25519-browser.js';
import { browserSwaps } from '../../../scripts/esbuild-browser-field.mjs';
import { staticGraph } from '../../helpers/import-graph.js';

const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// RFC 8032, section 7.1, TEST 1 and TEST 2.
const VECTORS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    pub: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    pub: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

describe.each([
  ['node:crypto', nodeImpl],
  ['@noble/curves', browserImpl],
])('Ed25519 on %s', (_name, impl) => {
  it.each(VECTORS)('gives the RFC 8032 public key and signature for seed $seed', ({ seed, pub, msg, sig }) => {
    expect(toHex(impl.ed25519PublicKey(fromHex(seed)))).toBe(pub);
    expect(toHex(impl.ed25519Sign(fromHex(msg), fromHex(seed)))).toBe(sig);
    expect(impl.ed25519Verify(fromHex(sig), fromHex(msg), fromHex(pub))).toBe(true);
  });

  it('refuses a changed signature, message or key, and a key that is not a point, without throwing', () => {
    const { seed, pub, msg, sig } = VECTORS[1]!;
    const s = fromHex(sig);
    expect(impl.ed25519Verify(s.map((b, i) => (i === 5 ? b ^ 1 : b)), fromHex(msg), fromHex(pub))).toBe(false);
    expect(impl.ed25519Verify(s, fromHex('73'), fromHex(pub))).toBe(false);
    expect(impl.ed25519Verify(s, fromHex(msg), fromHex(VECTORS[0]!.pub))).toBe(false);
    expect(impl.ed25519Verify(s, fromHex(msg), fromHex(pub).subarray(1))).toBe(false);
    expect(impl.ed25519Verify(s.subarray(1), fromHex(msg), fromHex(pub))).toBe(false);
    // y = 2 has no x on the curve: not a point.
    expect(impl.ed25519Verify(s, fromHex(msg), fromHex(`02${'00'.repeat(31)}`))).toBe(false);
    // S ≥ L (the group order) is not canonical: refused (RFC 8032 5.1.7), as OpenSSL does.
    const L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    const big = Uint8Array.from([...s.subarray(0, 32), ...L]);
    expect(impl.ed25519Verify(big, fromHex(msg), fromHex(pub))).toBe(false);
    expect(fromHex(seed)).toHaveLength(32);
  });
});

describe('the two implementations', () => {
  it('agree on 200 random keys and messages, and each verifies what the other signed', () => {
    for (let i = 0; i < 200; i++) {
      const seed = Uint8Array.from(randomBytes(32));
      const msg = Uint8Array.from(randomBytes(i % 70));
      const pubN = nodeImpl.ed25519PublicKey(seed);
      expect(toHex(browserImpl.ed25519PublicKey(seed))).toBe(toHex(pubN));
      const sigN = nodeImpl.ed25519Sign(msg, seed);
      const sigB = browserImpl.ed25519Sign(msg, seed);
      expect(toHex(sigB)).toBe(toHex(sigN));
      expect(browserImpl.ed25519Verify(sigN, msg, pubN)).toBe(true);
      expect(nodeImpl.ed25519Verify(sigB, msg, pubN)).toBe(true);
    }
  });

  it('give plain Uint8Arrays (not Buffers), so what is built from them is the same in Node and browsers', () => {
    const seed = fromHex(VECTORS[0]!.seed);
    expect(Object.getPrototypeOf(nodeImpl.ed25519PublicKey(seed))).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(nodeImpl.ed25519Sign(new Uint8Array(0), seed))).toBe(Uint8Array.prototype);
  });
});

describe('what a Node app loads', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  it('the main entry in Node does not load @noble/curves (Node signs with node:crypto)', () => {
    const { packages } = staticGraph(`${root}src/index.ts`);
    expect([...packages].filter((p) => p.startsWith('@noble/'))).toEqual([]);
    expect(packages).toContain('node:crypto');
  });

  it('the router in Node does not either', () => {
    const { packages } = staticGraph(`${root}src/router/index.ts`);
    expect([...packages].filter((p) => p.startsWith('@noble/'))).toEqual([]);
  });

  it("bundlers for browsers get @noble/curves through the package's browser field, and no node:crypto", () => {
    const { packages } = staticGraph(`${root}src/index.ts`, browserSwaps);
    expect(packages).toContain('@noble/curves/ed25519.js');
    expect([...packages].filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});
