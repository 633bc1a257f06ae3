// The measured clients behind one small interface, each used the way its README shows, with the
// same options for all (no acknowledge on the events path, exact-match subscriptions), and no
// copying of results. `floor1` and `floor2` are raw `ws` floors: floor2 speaks the few WAMP
// messages a call or a subscription needs through the router (2 hops to the Go callee), floor1
// sends the same CALL frame to a bare WebSocket echo (1 hop, no router).
import { createRequire } from 'node:module';
import { Decoder, Encoder } from '@msgpack/msgpack';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);

// Each library's module is imported once and kept: a connect measures connecting, not the
// resolution of a dynamic import() (~25 µs a time), which would fall on the ESM libraries only.
let wampkitModule;
let wampyModule;
const wampySerializers = {};

/**
 * `call` gives the library's own promise (the measurements only wait for it), so no wrapper of
 * ours adds promises or turns to a call; `callKw` gives the result's args.
 * @typedef {object} Client
 * @property {(uri: string, args: unknown[]) => Promise<unknown>} call
 * @property {(topic: string, fn: (args: unknown[]) => void) => Promise<void>} subscribe
 * @property {(uri: string, kwargs: Record<string, unknown>) => Promise<unknown>} callKw
 * @property {() => Promise<void>} close
 */

async function wampkit(url, serializer) {
  const { connect } = wampkitModule ?? (wampkitModule = await import('../dist/node/index.js'));
  const s = await connect({ url, realm: 'realm1', serializers: [serializer], reconnect: false });
  return {
    call: (uri, args) => s.call(uri, args),
    callKw: async (uri, kwargs) => (await s.call(uri, [], kwargs)).args,
    subscribe: async (topic, fn) => {
      await s.subscribe(topic, (args) => fn(args));
    },
    close: () => s.close(),
  };
}

async function autobahn(url, serializer) {
  if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;
  const ab = require('autobahn');
  const Ser = { json: 'JSONSerializer', msgpack: 'MsgpackSerializer', cbor: 'CBORSerializer' }[serializer];
  const connection = new ab.Connection({ url, realm: 'realm1', serializers: [new ab.serializer[Ser]()], max_retries: 0 });
  const session = await new Promise((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`autobahn: ${reason}`));
      return true;
    };
    connection.open();
  });
  return {
    call: (uri, args) => session.call(uri, args),
    callKw: async (uri, kwargs) => {
      const r = await session.call(uri, [], kwargs);
      return r instanceof ab.Result ? r.args : [r];
    },
    subscribe: async (topic, fn) => {
      await session.subscribe(topic, (args) => fn(args));
    },
    close: async () => {
      await new Promise((resolve) => {
        connection.onclose = () => {
          resolve();
          return true;
        };
        connection.close();
      });
    },
  };
}

async function wampy(url, serializer) {
  const { Wampy } = wampyModule ?? (wampyModule = await import('wampy'));
  const Serializer =
    wampySerializers[serializer] ??
    (wampySerializers[serializer] = await {
      json: async () => (await import('wampy/JsonSerializer.js')).JsonSerializer,
      msgpack: async () => (await import('wampy/MsgpackSerializer.js')).MsgpackSerializer,
      cbor: async () => (await import('wampy/CborSerializer.js')).CborSerializer,
    }[serializer]());
  const w = new Wampy(url, { realm: 'realm1', ws: WebSocket, serializer: new Serializer(), autoReconnect: false });
  await w.connect();
  return {
    call: (uri, args) => w.call(uri, { argsList: args }),
    callKw: async (uri, kwargs) => (await w.call(uri, { argsDict: kwargs })).argsList,
    subscribe: async (topic, fn) => {
      // match and get_retained set explicitly: wampy sends them as undefined otherwise, which
      // some routers refuse over MessagePack.
      await w.subscribe(topic, (d) => fn(d.argsList), { match: 'exact', get_retained: false });
    },
    close: async () => {
      await w.disconnect();
    },
  };
}

function codec(serializer) {
  if (serializer === 'json') return { protocol: 'wamp.2.json', encode: (m) => JSON.stringify(m), decode: (d) => JSON.parse(d.toString()) };
  if (serializer === 'msgpack') {
    const enc = new Encoder();
    const dec = new Decoder();
    return { protocol: 'wamp.2.msgpack', encode: (m) => enc.encode(m), decode: (d) => dec.decode(d) };
  }
  throw new Error(`no raw floor for ${serializer}`);
}

/** A raw `ws` WAMP client: just enough protocol for calls and subscriptions (no validation). */
async function floor2(url, serializer) {
  const c = codec(serializer);
  const ws = new WebSocket(url, [c.protocol]);
  const pending = new Map();
  const handlers = new Map();
  let nextId = 1;
  let welcome;
  const welcomed = new Promise((resolve) => (welcome = resolve));
  ws.on('message', (data) => {
    const m = c.decode(data);
    switch (m[0]) {
      case 2: welcome(); break;
      case 50: pending.get(m[1])?.(m[3] ?? []); pending.delete(m[1]); break; // RESULT
      case 33: pending.get(m[1])?.(m[2]); pending.delete(m[1]); break; // SUBSCRIBED
      case 36: handlers.get(m[1])?.(m[4] ?? []); break; // EVENT
      case 8: pending.get(m[2])?.(m); pending.delete(m[2]); break; // ERROR
      default: break;
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(c.encode([1, 'realm1', { roles: { caller: {}, subscriber: {} } }]));
  await welcomed;
  const request = (msg) =>
    new Promise((resolve) => {
      const id = nextId++;
      msg[1] = id;
      pending.set(id, resolve);
      ws.send(c.encode(msg));
    });
  return {
    call: (uri, args) => request([48, 0, {}, uri, args]),
    callKw: (uri, kwargs) => request([48, 0, {}, uri, [], kwargs]),
    subscribe: async (topic, fn) => {
      const sub = await request([32, 0, {}, topic]);
      handlers.set(sub, fn);
    },
    close: async () => {
      ws.send(c.encode([6, {}, 'wamp.close.close_realm']));
      // A router that does not close within 200 ms is cut off; the timer goes with the close.
      const cutOff = setTimeout(() => ws.terminate(), 200);
      await new Promise((resolve) => ws.once('close', resolve));
      clearTimeout(cutOff);
    },
  };
}

/** The same CALL frames to a bare WebSocket echo: transport + codec cost only, 1 hop. */
async function floor1(url, serializer, echoUrl) {
  const c = codec(serializer);
  const ws = new WebSocket(echoUrl, [c.protocol]);
  const pending = new Map();
  let nextId = 1;
  ws.on('message', (data) => {
    const m = c.decode(data);
    pending.get(m[1])?.(m[4]);
    pending.delete(m[1]);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    call: (uri, args) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(c.encode([48, id, {}, uri, args]));
      }),
    callKw: () => Promise.reject(new Error('floor1 has no router')),
    subscribe: () => Promise.reject(new Error('floor1 has no router')),
    close: async () => {
      ws.close();
      await new Promise((resolve) => ws.once('close', resolve));
    },
  };
}

/** Client factories by name. */
export const CLIENTS = { wampkit, autobahn, wampy, floor2, floor1 };
