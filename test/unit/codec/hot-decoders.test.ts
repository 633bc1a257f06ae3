// The hand-written checks of EVENT, INVOCATION and RESULT (src/protocol/hot-decoders.ts) accept
// what the generic decode accepts and give the same message; for anything else the generic decode
// runs and gives the same error. Checked on the usual forms and on 30,000 generated and mutated
// messages, decoded once before the checks are installed and once after.
import { describe, expect, it } from 'vitest';
import { decodeFromRouter } from '../../../src/protocol/codec.js';
import { HOT_DECODERS, installHotDecoders } from '../../../src/protocol/hot-decoders.js';
import { MessageType } from '../../../src/protocol/message-type.js';
import { SPECS_TO_CLIENT } from '../../../src/protocol/specs-to-client.js';
import { prng } from '../../helpers/prng.js';

const rand = prng(0x5eed15);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Values a field may hold, good and bad. */
const VALUES: readonly unknown[] = [
  0, 1, 7, 2 ** 53, 2 ** 53 + 2, -1, 1.5, NaN, '1', '', 'com.example.t', null, true, false, [], [1, 'a'], {}, { a: 1 },
  new Uint8Array([1, 2]), undefined,
];
/** Details keys each spec checks, with good and bad values. */
const DETAIL_ENTRIES: ReadonlyArray<readonly [string, readonly unknown[]]> = [
  ['publisher', [12, -1, 'x', 2 ** 53 + 2]],
  ['publisher_authid', ['peer', 3]],
  ['publisher_authrole', ['anonymous', null]],
  ['topic', ['com.example.t', 1]],
  ['retained', [true, 'yes']],
  ['progress', [true, false, 1]],
  ['receive_progress', [true, 'no']],
  ['caller', [5, 'x']],
  ['caller_authid', ['a', 1]],
  ['procedure', ['com.example.p', 2]],
  ['timeout', [0, 10, -1]],
  ['forward_for', [[{ session: 1, authid: 'a', authrole: 'r' }], [{ session: 'x' }], 'no']],
  ['x_custom', [1, 'any']],
  ['ppt_scheme', ['x_app', 1]],
  ['ppt_serializer', ['json', 'native', 2]],
  ['enc_algo', ['cryptobox', 'bad']],
];

function details(): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  const n = Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const [k, vs] = pick(DETAIL_ENTRIES);
    d[k] = pick(vs);
  }
  return d;
}

const usual = (code: number): unknown[] => {
  const tail = pick([[], [[1, 'a']], [[1, 'a'], { k: 2 }], [[], {}]]);
  if (code === MessageType.RESULT) return [code, 12, details(), ...tail];
  return [code, 12, 34, details(), ...tail];
};

function mutate(m: unknown[]): unknown[] {
  const out = [...m];
  const r = rand();
  if (r < 0.4) out[1 + Math.floor(rand() * (out.length - 1 || 1))] = pick(VALUES);
  else if (r < 0.55) out.length = Math.floor(rand() * out.length);
  else if (r < 0.7) out.push(pick(VALUES), pick(VALUES));
  else if (r < 0.85) out.push(pick(VALUES));
  return out;
}

/** A decode's outcome: the message, or the error's name and text. */
function outcome(raw: unknown[]): unknown {
  try {
    return { ok: decodeFromRouter(raw) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const CODES = [MessageType.EVENT, MessageType.INVOCATION, MessageType.RESULT];

describe('hot decoders (EVENT, INVOCATION, RESULT)', () => {
  it('give what the generic decode gives, message or error, on 30,000 generated and mutated messages', () => {
    const corpus: unknown[][] = [];
    for (let i = 0; i < 30_000; i++) {
      const m = usual(pick(CODES));
      corpus.push(rand() < 0.5 ? m : mutate(m));
    }
    for (const code of CODES) expect(SPECS_TO_CLIENT.get(code)!.fast).toBeUndefined();
    const generic = corpus.map(outcome);
    installHotDecoders(SPECS_TO_CLIENT);
    installHotDecoders(SPECS_TO_CLIENT); // installing twice is harmless
    for (const code of CODES) expect(SPECS_TO_CLIENT.get(code)!.fast).toBeTypeOf('function');
    const hot = corpus.map(outcome);
    let accepted = 0;
    for (let i = 0; i < corpus.length; i++) {
      expect(hot[i], JSON.stringify(corpus[i], (_k, v: unknown) => (v === undefined ? '<undefined>' : v instanceof Uint8Array ? `<bytes ${v.length}>` : v))).toStrictEqual(generic[i]);
      if ('ok' in (hot[i] as object)) accepted++;
    }
    // Both outcomes are well represented.
    expect(accepted).toBeGreaterThan(5_000);
    expect(corpus.length - accepted).toBeGreaterThan(5_000);
  });

  it('take the usual forms themselves, and leave passthru payloads and out-of-spec fields to the generic decode', () => {
    const checks = (_t: string, _f: unknown, v: unknown): unknown => v;
    const details = { prop: 'details', label: 'Details', kind: 'string' } as const;
    const fast = new Map(HOT_DECODERS.map(([code, decode]) => [code, (raw: unknown[], check: typeof checks) => decode(raw, check, details)]));
    const ev = fast.get(MessageType.EVENT)!;
    expect(ev([36, 1, 2, { topic: 't' }, [1], { a: 1 }], checks)).toStrictEqual({ type: 36, subscription: 1, publication: 2, details: { topic: 't' }, args: [1], kwargs: { a: 1 } });
    expect(ev([36, 1, 2, {}], checks)).toStrictEqual({ type: 36, subscription: 1, publication: 2, details: {} });
    expect(ev([36, 1, 2, { ppt_scheme: 'x' }, ['payload']], checks)).toBeUndefined();
    expect(ev([36, 1, 2, { enc_algo: 'cryptobox' }, new Uint8Array([1])], checks)).toBeUndefined();
    expect(ev([36, -1, 2, {}], checks)).toBeUndefined();
    expect(ev([36, 1, 2, {}, 'not a list'], checks)).toBeUndefined();
    expect(ev([36, 1, 2, {}, [], [], 9], checks)).toBeUndefined();
    const inv = fast.get(MessageType.INVOCATION)!;
    expect(inv([68, 3, 4, { caller: 9 }, ['x']], checks)).toStrictEqual({ type: 68, requestId: 3, registration: 4, details: { caller: 9 }, args: ['x'] });
    const res = fast.get(MessageType.RESULT)!;
    expect(res([50, 3, { progress: true }], checks)).toStrictEqual({ type: 50, requestId: 3, details: { progress: true } });
    expect(res([50, 3, {}, [1], 'not a dict'], checks)).toBeUndefined();
  });
});
