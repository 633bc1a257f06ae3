/**
 * Leak tracking for fault-injection tests: records the timers and sockets created while a
 * scenario runs (unref'd timers included, which `process.getActiveResourcesInfo()` does not show)
 * and reports the ones still alive once it has cleaned up.
 */
import { createHook } from 'node:async_hooks';

/** Resource types tracked: timers, and TCP sockets (connecting or connected). */
const TRACKED = new Set(['Timeout', 'TCPWRAP', 'TCPCONNECTWRAP']);

/** Starts tracking; `leaked()` stops and lists what was created since and is still alive. */
export function trackResources(): { leaked(): Promise<string[]> } {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (TRACKED.has(type)) live.set(id, type);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    async leaked() {
      // Destroy hooks run asynchronously: let a few turns of the event loop pass.
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      hook.disable();
      return [...live.values()];
    },
  };
}
