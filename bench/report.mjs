// Turns the benchmark's samples into medians, ranges and ratios (wampkit ÷ the best of
// Autobahn|JS and wampy.js), then into bench/RESULTS.md and an SVG chart of the ratios.

/** Figures, what is better, and the target ratio of each (issue 15). */
export const METRICS = [
  { scenario: 'calls', key: 'cpuUsPerOp', label: 'caller CPU µs per pipelined call', better: 'lower', target: 0.7 },
  { scenario: 'events', key: 'cpuUsPerOp', label: 'subscriber CPU µs per event', better: 'lower', target: 0.7 },
  { scenario: 'heap', key: 'heapKBPerSession', label: 'heap KB per idle session', better: 'lower', target: 1.0 },
  { scenario: 'connect', key: 'connectMs', label: 'connect() to established, ms', better: 'lower', target: 1.0 },
  // Not in issue 15's list: held to its connect() target.
  { scenario: 'first', key: 'firstConnectMs', label: 'first connect() with the import, ms', better: 'lower', target: 1.0 },
  { scenario: 'sequential', key: 'p99Ms', label: 'sequential call p99, ms', better: 'lower', target: 1.0 },
  { scenario: 'calls', key: 'opsPerSec', label: 'calls/s (64 in flight)', better: 'higher', target: 1.0 },
  { scenario: 'events', key: 'opsPerSec', label: 'events/s received', better: 'higher', target: 1.0 },
];
const PEERS = ['autobahn', 'wampy'];
const LIBS = ['wampkit', 'autobahn', 'wampy', 'floor2', 'floor1'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median, min and max per router × serializer × metric × library, and the ratio. */
export function summarize(samples) {
  const groups = [...new Set(samples.map((s) => `${s.router}|${s.serializer}`))];
  return groups.map((g) => {
    const [router, serializer] = g.split('|');
    const metrics = METRICS.map((m) => {
      const libs = {};
      for (const lib of LIBS) {
        const xs = samples
          .filter((s) => s.router === router && s.serializer === serializer && s.lib === lib && s.scenario === m.scenario && typeof s[m.key] === 'number')
          .map((s) => s[m.key]);
        if (xs.length) libs[lib] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
      }
      const pick = m.better === 'lower' ? Math.min : Math.max;
      const peers = PEERS.filter((p) => libs[p]).map((p) => libs[p].median);
      const best = peers.length ? pick(...peers) : undefined;
      const ratio = libs.wampkit && best ? libs.wampkit.median / best : undefined;
      const meets = (x) => (m.better === 'lower' ? x <= m.target : x >= m.target);
      const met = ratio === undefined ? undefined : meets(ratio);
      // Paired by run: the clients of one run were measured side by side (interleaved), so the
      // spread of these ratios is the run-to-run noise of the ratio itself.
      const value = (lib, run) =>
        samples.find((s) => s.router === router && s.serializer === serializer && s.lib === lib && s.scenario === m.scenario && s.run === run && typeof s[m.key] === 'number')?.[m.key];
      const runIds = [...new Set(samples.filter((s) => s.router === router && s.serializer === serializer && s.scenario === m.scenario).map((s) => s.run))];
      const perRun = runIds
        .map((run) => {
          const own = value('wampkit', run);
          const theirs = PEERS.map((p) => value(p, run)).filter((x) => x !== undefined);
          return own !== undefined && theirs.length ? own / pick(...theirs) : undefined;
        })
        .filter((x) => x !== undefined);
      const runRatios = perRun.length ? { min: Math.min(...perRun), max: Math.max(...perRun), met: perRun.filter(meets).length, n: perRun.length } : undefined;
      // What a raw `ws` client with no validation scores against the same peers: a target the
      // floor itself misses is out of reach for any client on that path.
      const floorRatio = libs.floor2 && best ? libs.floor2.median / best : undefined;
      const verdict = met === undefined ? undefined : met ? 'met' : floorRatio !== undefined && !meets(floorRatio) ? 'floor' : runRatios && runRatios.met > 0 ? 'spread' : 'gap';
      return { ...m, libs, ratio, met, runRatios, floorRatio, verdict };
    });
    const lost = samples.filter((s) => s.router === router && s.serializer === serializer && s.scenario === 'events').reduce((n, s) => n + (s.lost ?? 0), 0);
    const errors = samples.filter((s) => s.router === router && s.serializer === serializer && s.error).map((s) => `${s.lib} ${s.scenario}: ${s.error}`);
    return { router, serializer, metrics, lost, errors };
  });
}

const fmt = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (v) => (v ? `${fmt(v.median)} (${fmt(v.min)}–${fmt(v.max)})` : '—');
const ROUTER_NAMES = { embedded: 'embedded', nexus: 'Nexus', crossbar: 'Crossbar.io' };

/**
 * Pools results of bench/run.mjs made with the same settings: each file's runs are kept as they
 * were measured and numbered on after the previous file's. Throws on results made with other
 * counts, another Node or other peer versions.
 * @param {Array<{ meta: any, samples: any[] }>} files
 * @param {string} [note] - a sentence for RESULTS.md (what was measured: say that the code was the same)
 */
export function pool(files, note = '') {
  const first = files[0].meta;
  for (const { meta } of files) {
    for (const key of ['n', 'warm', 'sessions', 'node']) {
      if (meta[key] !== first[key]) throw new Error(`runs made with another ${key} (${meta[key]} vs ${first[key]}) cannot be pooled`);
    }
    if (JSON.stringify(meta.versions) !== JSON.stringify(first.versions)) throw new Error('runs against other peer versions cannot be pooled');
  }
  const samples = [];
  let offset = 0;
  for (const { meta, samples: own } of files) {
    for (const s of own) samples.push({ ...s, run: s.run + offset });
    offset += meta.runs;
  }
  const meta = {
    ...first,
    date: [...new Set(files.map((f) => f.meta.date))].join(' and '),
    runs: offset,
    seconds: files.reduce((sum, f) => sum + f.meta.seconds, 0),
    command: 'node bench/pool.mjs',
    note,
    // A result pooled before keeps the runs it was pooled from.
    pooled: files.flatMap((f) => f.meta.pooled ?? [{ date: f.meta.date, runs: f.meta.runs, seconds: f.meta.seconds, command: f.meta.command }]),
  };
  return { meta, samples };
}

/** Which command made the samples, and when: one run of bench/run.mjs, or several pooled by bench/pool.mjs. */
function made(meta) {
  if (!meta.pooled) return `\`${meta.command}\` on ${meta.date}`;
  const parts = meta.pooled.map((p) => `\`${p.command}\` on ${p.date} (${p.seconds} s)`);
  return `${parts.join(', ')}, pooled by \`node bench/pool.mjs\``;
}

export function renderMarkdown(meta, summary, gaps = '') {
  const lines = [
    '# Benchmark results',
    '',
    `Made by ${made(meta)} (Node ${meta.node}, ${meta.runs} interleaved runs, ${meta.n} operations${meta.warm !== undefined ? ` after ${meta.warm} of warm-up (3,000 after 3,000 for the sequential calls, 30 connects after 3; the first connect of a fresh process is timed with the library's import, \`ws\` loaded beforehand for all)` : ''} and ${meta.sessions} idle sessions per measurement, ${meta.seconds} s in all) on the 2-core development machine, against Autobahn|JS ${meta.versions.autobahn} and wampy.js ${meta.versions.wampy}. The other side of every measurement is bench/peer, a Go client on the nexus client library; each figure is the median over the runs with its range in brackets. Ratio = wampkit ÷ the better of Autobahn|JS and wampy.js (below 1 is better for CPU, memory and time; above 1 for rates). \`floor2\` is a raw \`ws\` client sending bare WAMP frames through the router, \`floor1\` the same frames to a bare WebSocket echo: what any client pays at least.${meta.note ? ` ${meta.note}` : ''}`,
    '',
    '![ratios](ratios.svg)',
    '',
    '## Ratios against the targets',
    '',
    `| figure | target | ${summary.map((g) => `${ROUTER_NAMES[g.router] ?? g.router} ${g.serializer}`).join(' | ')} |`,
    `|---|---|${summary.map(() => '---').join('|')}|`,
  ];
  const ratioRows = [];
  for (let i = 0; i < METRICS.length; i++) {
    const m = METRICS[i];
    ratioRows.push(
      `| ${m.label} | ${m.better === 'lower' ? '≤' : '≥'} ${m.target} | ${summary
        .map((g) => {
          const r = g.metrics[i];
          return r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)} ${r.met ? '✓' : '✗'}`;
        })
        .join(' | ')} |`,
    );
  }
  lines.push(...ratioRows);
  lines.push(
    '',
    '## How sure each verdict is',
    '',
    'Each cell: the ratio of the medians; in brackets the range of the per-run ratios (each run measures the clients side by side, so this range is the noise of the ratio itself), with how many runs met the target; then `floor`, the same ratio for `floor2` (a raw `ws` client with no validation), where there is one. Verdict: **met**; **floor** (not met, and the raw floor misses the target too: no client reaches it on that path); **spread** (not met, but some runs met it: the gap is within the run-to-run noise); **gap** (no run met it).',
    '',
    `| figure | ${summary.map((g) => `${ROUTER_NAMES[g.router] ?? g.router} ${g.serializer}`).join(' | ')} |`,
    `|---|${summary.map(() => '---').join('|')}|`,
  );
  for (let i = 0; i < METRICS.length; i++) {
    lines.push(
      `| ${METRICS[i].label} | ${summary
        .map((g) => {
          const r = g.metrics[i];
          if (r.ratio === undefined) return '—';
          const runs = r.runRatios ? ` (${r.runRatios.min.toFixed(2)}–${r.runRatios.max.toFixed(2)}, ${r.runRatios.met}/${r.runRatios.n})` : '';
          const floor = r.floorRatio === undefined ? '' : `; floor ${r.floorRatio.toFixed(2)}`;
          return `${r.ratio.toFixed(2)}${runs}${floor} **${r.verdict}**`;
        })
        .join(' | ')} |`,
    );
  }
  if (gaps) lines.push('', gaps.trim());
  for (const g of summary) {
    lines.push('', `## ${ROUTER_NAMES[g.router] ?? g.router}, ${g.serializer}`, '', `| figure | ${LIBS.join(' | ')} | ratio |`, `|---|${LIBS.map(() => '---').join('|')}|---|`);
    for (const r of g.metrics) lines.push(`| ${r.label} | ${LIBS.map((l) => cell(r.libs[l])).join(' | ')} | ${r.ratio === undefined ? '—' : r.ratio.toFixed(2)} |`);
    lines.push('', `Events lost (published but not received, all clients, all runs): ${g.lost}.`);
    if (g.errors.length) lines.push('', 'Failed measurements:', '', ...g.errors.map((e) => `- ${e.replace(/\n/g, ' ')}`));
  }
  return `${lines.join('\n')}\n`;
}

export function renderSvg(summary) {
  const rows = [];
  for (let i = 0; i < METRICS.length; i++) for (const g of summary) rows.push({ m: METRICS[i], g, r: g.metrics[i] });
  const rowH = 16;
  const left = 330;
  const width = 760;
  const scale = (width - left - 30) / 3; // ratios 0..3
  const top = 40;
  const height = top + rows.length * rowH + 30;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">wampkit ÷ best of Autobahn|JS and wampy.js (green: target met)</text>`,
  ];
  for (const t of [0, 0.5, 1, 1.5, 2, 2.5, 3]) {
    const x = left + t * scale;
    out.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${height - 24}" stroke="${t === 1 ? '#333' : '#ddd'}"/>`, `<text x="${x}" y="${height - 10}" text-anchor="middle">${t}</text>`);
  }
  rows.forEach(({ m, g, r }, i) => {
    const y = top + i * rowH;
    const v = Math.min(r.ratio ?? 0, 3);
    out.push(`<text x="${left - 6}" y="${y + 11}" text-anchor="end">${m.label} · ${ROUTER_NAMES[g.router] ?? g.router} ${g.serializer}</text>`);
    out.push(`<rect x="${left}" y="${y + 2}" width="${v * scale}" height="${rowH - 5}" fill="${r.met ? '#3a9a4a' : '#c8553d'}"/>`);
    out.push(`<line x1="${left + m.target * scale}" y1="${y}" x2="${left + m.target * scale}" y2="${y + rowH - 1}" stroke="#000" stroke-dasharray="2,2"/>`);
    out.push(`<text x="${left + v * scale + 4}" y="${y + 11}">${r.ratio === undefined ? '—' : r.ratio.toFixed(2)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
