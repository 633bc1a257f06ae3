/**
 * Command-line values: positional arguments and `--kw k=v` pairs, each read as JSON when it is
 * JSON (`3`, `true`, `{"a":1}`, `"quoted"`) and as a plain string otherwise.
 * @internal
 * @module
 */

/** One command-line value: JSON when it parses, else the string itself. */
export function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `k=v` pairs as kwargs. @throws `Error` (a usage error) for a pair without `=`. */
export function readKwargs(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliUsageError(`--kw takes key=value, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, at);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new CliUsageError(`--kw: ${key} is not a usable key`);
    out[key] = readValue(pair.slice(at + 1));
  }
  return out;
}

/** A mistake on the command line (exit code 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** A progress chunk's fraction in [0, 1] when it looks like `{progress, total}` (args or kwargs), else undefined. */
export function progressFraction(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): number | undefined {
  const from = (o: unknown): number | undefined => {
    if (o === null || typeof o !== 'object') return undefined;
    const p = (o as Record<string, unknown>)['progress'];
    const t = (o as Record<string, unknown>)['total'];
    return typeof p === 'number' && typeof t === 'number' && t > 0 ? Math.min(1, Math.max(0, p / t)) : undefined;
  };
  return from(kwargs) ?? from(args[0]);
}

/** A text progress bar: `[#########-----------]  45%`. */
export function progressBar(fraction: number, width = 20): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}
