// The benchmark report's verdicts (bench/report.mjs): each unmet target is told apart as within the
// run-to-run noise, bound by the raw `ws` floor, or a gap, from the paired per-run ratios.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM of the benchmark, no types
import { pool, renderMarkdown, summarize } from '../../../bench/report.mjs';

type Sample = { router: string; serializer: string; lib: string; scenario: string; run: number; cpuUsPerOp?: number };

/** Subscriber CPU samples: per run, wampkit's, each peer's and floor2's µs per event. */
function events(runs: ReadonlyArray<{ wampkit: number; autobahn: number; wampy: number; floor2?: number }>): Sample[] {
  return runs.flatMap((r, run) =>
    Object.entries(r).map(([lib, cpuUsPerOp]) => ({ router: 'embedded', serializer: 'msgpack', lib, scenario: 'events', run, cpuUsPerOp })),
  );
}

interface Metric {
  scenario: string;
  key: string;
  ratio: number;
  met: boolean;
  verdict: string;
  floorRatio?: number;
  runRatios?: { min: number; max: number; met: number; n: number };
}

const subscriberCpu = (samples: Sample[]): Metric =>
  (summarize(samples) as Array<{ metrics: Metric[] }>)[0]!.metrics.find((m) => m.scenario === 'events' && m.key === 'cpuUsPerOp')!;

describe('bench/report.mjs verdicts', () => {
  it('met: the ratio of the medians meets the target', () => {
    const m = subscriberCpu(events([{ wampkit: 6, autobahn: 10, wampy: 12, floor2: 5 }, { wampkit: 6.5, autobahn: 10, wampy: 11, floor2: 5 }, { wampkit: 6, autobahn: 9, wampy: 12, floor2: 5 }]));
    expect(m.ratio).toBeCloseTo(0.6, 5);
    expect(m.verdict).toBe('met');
    expect(m.runRatios).toMatchObject({ n: 3, met: 3 });
  });

  it('floor: not met, and floor2 against the same peers misses the target too', () => {
    const m = subscriberCpu(events([{ wampkit: 8, autobahn: 10, wampy: 12, floor2: 7.8 }, { wampkit: 8.2, autobahn: 10, wampy: 12, floor2: 7.9 }, { wampkit: 8.1, autobahn: 10, wampy: 12, floor2: 8 }]));
    expect(m.met).toBe(false);
    expect(m.floorRatio).toBeCloseTo(0.79, 5);
    expect(m.verdict).toBe('floor');
  });

  it('spread: not met by the medians, but some runs met it; the per-run ratios are paired by run', () => {
    // Medians: wampkit 7.2, best peer 10 (0.72); run 1 alone: 6.5 / 10 = 0.65.
    const m = subscriberCpu(events([{ wampkit: 7.2, autobahn: 10, wampy: 12, floor2: 5 }, { wampkit: 6.5, autobahn: 10, wampy: 12, floor2: 5 }, { wampkit: 7.5, autobahn: 10, wampy: 12, floor2: 5 }]));
    expect(m.verdict).toBe('spread');
    expect(m.runRatios).toMatchObject({ met: 1, n: 3 });
    expect(m.runRatios!.min).toBeCloseTo(0.65, 5);
    expect(m.runRatios!.max).toBeCloseTo(0.75, 5);
  });

  it('gap: no run met it and the floor is well inside the target', () => {
    const m = subscriberCpu(events([{ wampkit: 9, autobahn: 10, wampy: 12, floor2: 5 }, { wampkit: 9.5, autobahn: 10, wampy: 12, floor2: 5 }]));
    expect(m.verdict).toBe('gap');
  });

  it('a per-run ratio takes the better peer of that run, not of the medians', () => {
    // Run 0: autobahn is better (10 < 20); run 1: wampy is (10 < 20).
    const m = subscriberCpu(events([{ wampkit: 6, autobahn: 10, wampy: 20 }, { wampkit: 8, autobahn: 20, wampy: 10 }]));
    expect(m.runRatios!.min).toBeCloseTo(0.6, 5);
    expect(m.runRatios!.max).toBeCloseTo(0.8, 5);
  });

  it('renders the verdict table', () => {
    const samples = events([{ wampkit: 8, autobahn: 10, wampy: 12, floor2: 7.8 }]);
    const md = renderMarkdown({ command: 'x', date: 'd', node: 'v20', runs: 1, n: 1, sessions: 1, seconds: 1, versions: { autobahn: 'a', wampy: 'w' } }, summarize(samples)) as string;
    expect(md).toContain('## How sure each verdict is');
    expect(md).toMatch(/\| subscriber CPU µs per event \| 0\.80 \(0\.80–0\.80, 0\/1\); floor 0\.78 \*\*floor\*\* \|/);
  });

  describe('pooling runs of the same code (bench/pool.mjs)', () => {
    const meta = (over: Record<string, unknown> = {}) => ({ command: 'node bench/run.mjs --runs 2', date: 'd1', node: 'v20', runs: 2, n: 10, warm: 10, sessions: 5, seconds: 100, versions: { autobahn: 'a', wampy: 'w' }, ...over });

    it("numbers each file's runs on after the previous file's, so the per-run ratios stay paired and count all runs", () => {
      // File A: two runs at 0.8; file B: two runs at 0.65. Pooled: four runs, two of them met, the medians' ratio 0.725.
      const a = { meta: meta(), samples: events([{ wampkit: 8, autobahn: 10, wampy: 12 }, { wampkit: 8, autobahn: 10, wampy: 12 }]) };
      const b = { meta: meta({ date: 'd2', seconds: 50 }), samples: events([{ wampkit: 6.5, autobahn: 10, wampy: 12 }, { wampkit: 6.5, autobahn: 10, wampy: 12 }]) };
      const pooled = pool([a, b], 'The same code.') as { meta: Record<string, unknown>; samples: Sample[] };
      expect(pooled.samples.map((s) => s.run).filter((r, i, all) => all.indexOf(r) === i)).toEqual([0, 1, 2, 3]);
      expect(pooled.meta).toMatchObject({ runs: 4, seconds: 150, date: 'd1 and d2' });
      const m = subscriberCpu(pooled.samples);
      expect(m.runRatios).toMatchObject({ n: 4, met: 2 });
      expect(m.verdict).toBe('spread');
      const md = renderMarkdown(pooled.meta, summarize(pooled.samples)) as string;
      expect(md).toContain('Made by `node bench/run.mjs --runs 2` on d1 (100 s), `node bench/run.mjs --runs 2` on d2 (50 s), pooled by `node bench/pool.mjs`');
      expect(md).toContain('The same code.');
      // Pooled again, the runs it was pooled from are kept.
      const again = pool([pooled, a]) as { meta: { pooled: unknown[]; runs: number } };
      expect(again.meta.pooled).toHaveLength(3);
      expect(again.meta.runs).toBe(6);
    });

    it('refuses runs made with other counts, another Node or other peer versions', () => {
      const a = { meta: meta(), samples: [] };
      expect(() => pool([a, { meta: meta({ n: 20 }), samples: [] }])).toThrow(/another n/);
      expect(() => pool([a, { meta: meta({ node: 'v22' }), samples: [] }])).toThrow(/another node/);
      expect(() => pool([a, { meta: meta({ versions: { autobahn: 'b', wampy: 'w' } }), samples: [] }])).toThrow(/peer versions/);
    });
  });
});
