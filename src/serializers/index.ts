/**
 * Built-in serializers and lookup by name or subprotocol id.
 * @module
 */
import { CborSerializer } from './cbor.js';
import { JsonSerializer } from './json.js';
import { MsgpackSerializer } from './msgpack.js';
import type { Serializer } from './serializer.js';

export type { Frame, Serializer, SerializerName } from './serializer.js';
export { JsonSerializer } from './json.js';
export { MsgpackSerializer } from './msgpack.js';
export { CborSerializer } from './cbor.js';

export type { SerializerSpec } from './load.js';
export { serializerId, loadSerializer } from './load.js';
import type { SerializerSpec } from './load.js';

/**
 * Makes a serializer from its short name (a new instance each time), or returns the instance.
 * @throws `TypeError` on an unknown name.
 */
export function makeSerializer(spec: SerializerSpec): Serializer {
  if (typeof spec !== 'string') return spec;
  switch (spec) {
    case 'json': return new JsonSerializer();
    case 'msgpack': return new MsgpackSerializer();
    case 'cbor': return new CborSerializer();
    default: throw new TypeError(`unknown serializer ${JSON.stringify(spec)}`);
  }
}
