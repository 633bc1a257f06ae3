/**
 * The roles a session makes only when an app first registers, publishes or subscribes, in one
 * chunk loaded then: an app that only calls never loads (or, in a browser, downloads) them.
 * @internal
 * @module
 */
export { Callee } from './callee.js';
export { Publisher, publishProblem } from './publisher.js';
export { Subscriber } from './subscriber.js';
export { EventBuffer, eventStream } from './event-stream.js';
