/** The serializer contract against every implementation, plus each one's own rules. */
import { describe, expect, it } from 'vitest';
import { CborSerializer, JsonSerializer, MsgpackSerializer, makeSerializer } from '../../../src/protocol/index.js';
import { serializerContract } from './serializer-contract.js';

serializerContract('json', () => new JsonSerializer());
serializerContract('msgpack', () => new MsgpackSerializer());
serializerContract('cbor', () => new CborSerializer());

describe('JSON binary convention', () => {
  const json = new JsonSerializer();
  it('writes bytes as "\\u0000" + base64 and reads them back', () => {
    const frame = json.encode([1, new Uint8Array([104, 105])]);
    expect(frame).toBe('[1,"\\u0000aGk="]');
    expect(json.decode(frame)).toEqual([1, new Uint8Array([104, 105])]);
  });
  it('treats a Node Buffer as bytes too', () => {
    expect(json.encode([Buffer.from('hi')])).toBe('["\\u0000aGk="]');
  });
  it('finds bytes nested deeper than its scan goes', () => {
    let deep: unknown = new Uint8Array([1, 2]);
    for (let i = 0; i < 80; i++) deep = [deep];
    expect(json.encode([deep])).toContain('\\u0000AQI=');
  });
  it('leaves ordinary strings alone', () => {
    expect(json.decode('["plain", "\\\\u0000 not binary"]')).toEqual(['plain', '\\u0000 not binary']);
  });
});

describe('MessagePack specifics', () => {
  it('reads msgpackr\'s undefined marker (ext type 0, one zero byte) as undefined', () => {
    const frame = new Uint8Array([0x92, 0x01, 0xd4, 0x00, 0x00]);
    expect(new MsgpackSerializer().decode(frame)).toEqual([1, undefined]);
  });
  it('refuses a "__proto__" map key', () => {
    expect(() => new MsgpackSerializer().decode(new Uint8Array(Buffer.from('81a95f5f70726f746f5f5f81a17801', 'hex')))).toThrow(/__proto__/);
  });
});

describe('makeSerializer', () => {
  it('makes each built-in by name and rejects unknown names', () => {
    expect(makeSerializer('json').id).toBe('wamp.2.json');
    expect(makeSerializer('msgpack').id).toBe('wamp.2.msgpack');
    expect(makeSerializer('cbor').id).toBe('wamp.2.cbor');
    expect(() => makeSerializer('ubjson' as 'json')).toThrow(TypeError);
  });
});

describe('JSON nesting limit', () => {
  const json = new JsonSerializer();
  const nested = (depth: number, filler = ''): string => '['.repeat(depth) + JSON.stringify(filler) + ']'.repeat(depth);
  it('accepts 64 levels and refuses 65, however long the text', () => {
    expect(() => json.decode(nested(64, 'x'.repeat(500)))).not.toThrow();
    expect(() => json.decode(nested(65, 'x'.repeat(500)))).toThrow(/nests deeper than 64/);
  });
  it('counts brackets inside strings only as a hint: many of them in a shallow message pass', () => {
    const text = JSON.stringify([1, '['.repeat(200) + '{'.repeat(200), { a: ['[[[['] }]);
    expect(json.decode(text)).toEqual([1, '['.repeat(200) + '{'.repeat(200), { a: ['[[[['] }]);
  });
  it('finds deep nesting behind many brackets inside strings', () => {
    const text = `[${JSON.stringify('['.repeat(100))},${nested(65)}]`;
    expect(() => json.decode(text)).toThrow(/nests deeper than 64/);
  });
});
