/**
 * wampkit announces in HELLO only what it implements: every feature in `clientRoles()` has a
 * behaviour test, found by its tag — a test title that starts with `[feature_name]` — in the
 * conformance cases (run against the embedded router, Crossbar.io and Nexus) or the integration
 * suite. Announcing a feature without such a test fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientRoles } from '../../../src/session/features.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs = ['test/interop/cases', 'test/integration'];
const sources = dirs.flatMap((d) =>
  readdirSync(join(root, d))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, d, f), 'utf8')),
);
const tagged = new Set(sources.flatMap((src) => [...src.matchAll(/\bit(?:\.each\([^)]*\))?\(\s*['"`]\[([a-z_]+)\]/g)].map((m) => m[1]!)));

const announced = Object.entries(clientRoles()).flatMap(([role, d]) =>
  Object.entries(((d as { features?: Record<string, unknown> }).features ?? {}))
    .filter(([, on]) => on === true)
    .map(([feature]) => [role, feature] as const),
);

describe('every feature announced in HELLO has a behaviour test', () => {
  it('announces some features', () => {
    expect(announced.length).toBeGreaterThan(10);
  });
  it.each(announced)('%s.%s', (_role, feature) => {
    expect(tagged.has(feature), `no test tagged [${feature}] in ${dirs.join(' or ')}`).toBe(true);
  });
});
