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

/**
 * The serializers made so far (or their chunks loading), one per name for the whole process.
 * Sharing is safe: `encode` and `decode` are synchronous and keep nothing between calls; it
 * spares every session (and every reconnect) its own MessagePack encoder and its buffer.
 */
const made: Partial<Record<string, Serializer | Promise<Serializer>>> = {};

/**
 * The serializer of a spec: the instance itself, or the process's shared serializer of that
 * name, made (or its chunk loaded) once; at hand (no promise) once made. A chunk that fails to
 * load is forgotten, so a later run tries again.
 * @throws `TypeError` on an unknown name.
 */
export function serializerFor(spec: SerializerSpec): Serializer | Promise<Serializer> {
  if (typeof spec !== 'string') return spec;
  const got = made[spec];
  if (got) return got;
  serializerId(spec); // an unknown name throws here
  if (spec === 'json') return (made[spec] = new JsonSerializer());
  const loading = (spec === 'msgpack' ? import('./msgpack.js').then((m) => new m.MsgpackSerializer()) : import('./cbor.js').then((m) => new m.CborSerializer())).then(
    (serializer) => (made[spec] = serializer),
    (error: unknown) => {
      made[spec] = undefined;
      throw error;
    },
  );
  return (made[spec] = loading);
}

/** Makes (or loads) the serializer of a spec (the process's shared one, for a name). */
export async function loadSerializer(spec: SerializerSpec): Promise<Serializer> {
  return serializerFor(spec);
}
