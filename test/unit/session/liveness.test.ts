/** The heartbeat on its own, with a fake clock: probes after silence, declares the peer gone after the timeout, and any sign of life resets it. */
import { describe, expect, it } from 'vitest';
import { Heartbeat, type HeartbeatClock } from '../../../src/util/heartbeat.js';
import { heartbeatSettings } from '../../../src/session/liveness.js';
import { UsageError } from '../../../src/errors.js';

function fakeClock(): HeartbeatClock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (!t || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
      }
      now = end;
    },
  };
}

describe('Heartbeat', () => {
  it('probes after intervalMs of silence, and declares the peer gone after timeoutMs', () => {
    const clock = fakeClock();
    let probes = 0;
    const dead: number[] = [];
    new Heartbeat({ intervalMs: 100, timeoutMs: 350 }, { probe: () => probes++, dead: (s) => dead.push(s) }, clock);
    clock.advance(99);
    expect(probes).toBe(0);
    clock.advance(1);
    expect(probes).toBe(1);
    clock.advance(200);
    expect(probes).toBe(3);
    expect(dead).toEqual([]);
    clock.advance(50);
    expect(dead).toEqual([350]);
    clock.advance(1000);
    expect(dead).toHaveLength(1); // once
  });

  it('traffic is a sign of life: no probe while frames keep arriving, and the deadline moves', () => {
    const clock = fakeClock();
    let probes = 0;
    let dead = 0;
    const hb = new Heartbeat({ intervalMs: 100, timeoutMs: 300 }, { probe: () => probes++, dead: () => dead++ }, clock);
    for (let i = 0; i < 20; i++) {
      clock.advance(50);
      hb.seen();
    }
    expect(probes).toBe(0);
    expect(dead).toBe(0);
  });

  it('stop() ends it: no probe, no verdict', () => {
    const clock = fakeClock();
    let probes = 0;
    let dead = 0;
    const hb = new Heartbeat({ intervalMs: 100, timeoutMs: 200 }, { probe: () => probes++, dead: () => dead++ }, clock);
    hb.stop();
    clock.advance(10_000);
    expect([probes, dead]).toEqual([0, 0]);
  });
});

describe('heartbeatSettings', () => {
  it('on by default with 10 s / 25 s; false turns it off; a longer interval raises the default timeout with it', () => {
    expect(heartbeatSettings(undefined)).toEqual({ intervalMs: 10_000, timeoutMs: 25_000 });
    expect(heartbeatSettings({})).toEqual({ intervalMs: 10_000, timeoutMs: 25_000 });
    expect(heartbeatSettings(false)).toBeUndefined();
    expect(heartbeatSettings({ intervalMs: 60_000 })).toEqual({ intervalMs: 60_000, timeoutMs: 60_000 });
  });

  it('values a timer cannot use, or a timeout shorter than the interval, are refused with a UsageError', () => {
    for (const bad of [{ intervalMs: 0 }, { intervalMs: -5 }, { timeoutMs: Number.NaN }, { intervalMs: Infinity }, { intervalMs: 100, timeoutMs: 50 }]) {
      expect(() => heartbeatSettings(bad)).toThrow(UsageError);
    }
  });
});
