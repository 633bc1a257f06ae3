/**
 * Serializers by name, loaded on demand: JSON is built in; MessagePack and CBOR are imported
 * dynamically the first time a session asks for them, so an app that only speaks JSON does not
 * ship their codecs (bundlers split them into chunks of their own).
 * @internal
 * @module
 */
import { JsonSerializer } from './json.js';
import type { Serializer, SerializerName } from './serializer.js';

/** A serializer given by short name or as an instance. */
export type SerializerSpec = SerializerName | Serializer;

const IDS: Readonly<Record<SerializerName, string>> = { json: 'wamp.2.json', msgpack: 'wamp.2.msgpack', cbor: 'wamp.2.cbor' };

/**
 * The subprotocol id of a serializer spec, without loading it.
 * @throws `TypeError` on an unknown name.
 */
export function serializerId(spec: SerializerSpec): string {
  if (typeof spec !== 'string') return spec.id;
  const id = IDS[spec];
  if (id === undefined) throw new TypeError(`unknown serializer ${JSON.stringify(spec)}`);
  return id;
}

/** Makes (or loads) the serializer of a spec. */
export async function loadSerializer(spec: SerializerSpec): Promise<Serializer> {
  if (typeof spec !== 'string') return spec;
  switch (spec) {
    case 'json': return new JsonSerializer();
    case 'msgpack': return new (await import('./msgpack.js')).MsgpackSerializer();
    case 'cbor': return new (await import('./cbor.js')).CborSerializer();
    default: throw new TypeError(`unknown serializer ${JSON.stringify(spec)}`);
  }
}
