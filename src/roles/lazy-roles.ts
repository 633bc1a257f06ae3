/**
 * The roles a session makes only when an app first registers, publishes or subscribes, in one
 * chunk loaded then: an app that only calls never loads (or, in a browser, downloads) them. The
 * offline queue comes with them (a session that has one loads this chunk at start), and the
 * packing and unpacking of Payload Passthru Mode payloads (a passthru call waits for this chunk,
 * and so does a passthru RESULT that arrives before it is loaded). With it come the
 * hand-written checks of EVENT, INVOCATION and RESULT (`protocol/hot-decoders.ts`), which the
 * session installs once it has loaded.
 * @internal
 * @module
 */
export { Callee } from './callee.js';
export { Publisher, publishProblem } from './publisher.js';
export { Subscriber } from './subscriber.js';
export { EventBuffer, eventStream, subscribeEach, subscribeStream, unsubscribeEach } from './event-stream.js';
export { OfflineQueue } from '../client/offline-queue.js';
export { packPassthru } from './passthru-pack.js';
export { unpackPassthru } from './passthru.js';
export { installHotDecoders } from '../protocol/hot-decoders.js';
