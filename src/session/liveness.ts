/**
 * The client's heartbeat settings. The mechanism itself is the shared `Heartbeat` in
 * src/util/heartbeat.ts (the router uses it too); the session starts one per established run
 * and the machine only ever sees "transport lost".
 * @module
 */
export { Heartbeat, HEARTBEAT_DEFAULTS } from '../util/heartbeat.js';
export type { HeartbeatClock, HeartbeatOptions } from '../util/heartbeat.js';
