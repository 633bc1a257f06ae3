// Pools benchmark runs made by bench/run.mjs with the same settings (same library code: say so
// in `--note`) into one result: the runs of each file are kept as they were measured (clients
// side by side within a run), numbered on after the previous file's, so medians, ranges and the
// per-run ratios of the verdicts are over all of them. On a noisy machine, where one commit's
// ratios move by 0.2 between runs of 5, ten runs say more than five.
//
//   node bench/pool.mjs --note "…" a.json b.json [...]
//
// Writes bench/results.json, bench/RESULTS.md (with bench/GAPS.md) and bench/ratios.svg.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pool, renderMarkdown, renderSvg, summarize } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ options: { note: { type: 'string', default: '' } }, allowPositionals: true });
if (positionals.length < 2) throw new Error('usage: node bench/pool.mjs --note "…" a.json b.json [...]');

const { meta, samples } = pool(
  positionals.map((f) => JSON.parse(readFileSync(f, 'utf8'))),
  values.note,
);
const summary = summarize(samples);
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ meta, summary, samples }, null, 1)}\n`);
const gaps = existsSync(join(root, 'bench/GAPS.md')) ? readFileSync(join(root, 'bench/GAPS.md'), 'utf8') : '';
writeFileSync(join(root, 'bench/RESULTS.md'), renderMarkdown(meta, summary, gaps));
writeFileSync(join(root, 'bench/ratios.svg'), renderSvg(summary));
console.log(renderMarkdown(meta, summary, gaps).split('\n## Where')[0]);
