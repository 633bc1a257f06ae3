/**
 * `wampkit/rawsocket`: the Node-only RawSocket transport (TCP or Unix socket).
 * @module wampkit/rawsocket
 */
export { rawSocketConnector } from './transports/rawsocket.js';
export type { RawSocketOptions } from './transports/rawsocket.js';
