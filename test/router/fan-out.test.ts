import { describe, expect, it } from 'vitest';
import { sessionScopeIds } from '../../src/protocol/ids.js';
import { MessageType } from '../../src/protocol/message-type.js';
import type { WampMessage } from '../../src/protocol/messages.js';
import { Broker } from '../../src/router/broker.js';
import { parseFeatures, type RouterPeer } from '../../src/router/peer.js';
import { makeSerializer, type Frame, type SerializerName } from '../../src/serializers/index.js';

/** A fake peer that counts encodes and records frames. */
function fakePeer(id: number, name: SerializerName, counter: { encodes: number }): RouterPeer & { frames: Frame[] } {
  const serializer = makeSerializer(name);
  const frames: Frame[] = [];
  return {
    id, authid: `user${id}`, authrole: 'user', features: parseFeatures({ subscriber: {} }), serializerId: serializer.id, joined: true, trusted: false, realmName: 'realm1', frames,
    encode(m) {
      counter.encodes++;
      return serializer.encode(m);
    },
    send(_m: WampMessage) {
      return undefined;
    },
    sendFrame(f) {
      frames.push(f);
    },
  };
}

describe('broker fan-out', () => {
  it('encodes an EVENT once per serializer, not once per subscriber', () => {
    const broker = new Broker({ newId: sessionScopeIds() });
    const counter = { encodes: 0 };
    const peers = Array.from({ length: 100 }, (_, i) => fakePeer(i + 1, i % 2 === 0 ? 'json' : 'msgpack', counter));
    for (const p of peers) broker.subscribe(p, { type: MessageType.SUBSCRIBE, requestId: 1, options: {}, topic: 'com.example.fan' });
    const publisher = fakePeer(1000, 'json', counter);
    broker.publish(publisher, { type: MessageType.PUBLISH, requestId: 1, options: {}, topic: 'com.example.fan', args: [1, 2, 3] });
    expect(counter.encodes).toBe(2);
    for (const p of peers) expect(p.frames).toHaveLength(1);
    expect(peers[0]!.frames[0]).toBe(peers[2]!.frames[0]);
    const decoded = makeSerializer('msgpack').decode(peers[1]!.frames[0]!) as unknown[];
    expect(decoded[0]).toBe(MessageType.EVENT);
    expect(decoded[4]).toEqual([1, 2, 3]);
  });
});
