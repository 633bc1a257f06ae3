/**
 * Loads the WAMP project's test vectors from test/fixtures/wamp-testsuite (vendored from wamp-proto/wamp-proto,
 * CC-BY-SA 3.0) and maps their attribute names to wampkit's message fields.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUITE = fileURLToPath(new URL('../../fixtures/wamp-testsuite/singlemessage', import.meta.url));

export interface Variant {
  bytes?: string;
  bytes_hex?: string;
  note?: string;
}

export interface Sample {
  description: string;
  serializers?: Record<string, Variant[]>;
  expected_attributes?: Record<string, unknown>;
  wmsg?: unknown[];
  expected_error?: { type: string; contains: string };
}

export interface VectorFile {
  file: string;
  wamp_message_type: string;
  samples: Sample[];
}

export function loadVectors(): VectorFile[] {
  if (!existsSync(SUITE)) throw new Error(`WAMP test vectors not found at ${SUITE} (test/fixtures/wamp-testsuite)`);
  const out: VectorFile[] = [];
  for (const dir of readdirSync(SUITE).sort()) {
    for (const f of readdirSync(join(SUITE, dir)).sort()) {
      if (!f.endsWith('.json')) continue;
      const v = JSON.parse(readFileSync(join(SUITE, dir, f), 'utf8')) as Omit<VectorFile, 'file'>;
      out.push({ ...v, file: `${dir}/${f}` });
    }
  }
  return out;
}

/** Vector attribute name → wampkit message property. */
const NAMES: Record<string, string> = {
  message_type: 'type',
  request_id: 'requestId',
  request_type: 'requestType',
  subscription: 'subscription',
  subscription_id: 'subscription',
  publication: 'publication',
  publication_id: 'publication',
  registration_id: 'registration',
  session_id: 'session',
  method: 'authMethod',
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * The message's attributes under the vector's names, for comparison with `expected_attributes`:
 * payload as hex, absent args/kwargs/payload as null, HELLO/WELCOME roles from details.
 */
export function attributesOf(msg: Record<string, unknown>, expected: Record<string, unknown>): Record<string, unknown> {
  const got: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) {
    if (key === 'roles') {
      got[key] = (msg['details'] as Record<string, unknown>)['roles'];
      continue;
    }
    if (key === 'payload') {
      const p = msg['payload'];
      got[key] = p === undefined ? null : p instanceof Uint8Array ? hex(p) : p;
      continue;
    }
    const v = msg[NAMES[key] ?? key];
    got[key] = v === undefined && (key === 'args' || key === 'kwargs') ? null : v;
  }
  return got;
}

/** The frame of a variant for a serializer: text for JSON, bytes otherwise. */
export function frameOf(serializer: string, v: Variant): string | Uint8Array {
  if (serializer === 'json') return v.bytes ?? Buffer.from(v.bytes_hex ?? '', 'hex').toString('utf8');
  return new Uint8Array(Buffer.from(v.bytes_hex ?? '', 'hex'));
}
