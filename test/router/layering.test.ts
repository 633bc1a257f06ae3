/**
 * The router does not pull in the client: no module of src/router imports src/session or
 * src/client statically (`internalSession()` loads the client on demand), and
 * `wampkit.router.info` is a router-internal procedure, not a client session.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { Router } from '../../src/router/index.js';

const dir = fileURLToPath(new URL('../../src/router/', import.meta.url));

describe('router layering', () => {
  it('no src/router module imports src/session or src/client (type-only imports aside)', () => {
    const offenders: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(`${dir}${f}`, 'utf8');
      for (const m of src.matchAll(/^import\s+(?!type\b)[^;]*from\s+'\.\.\/(session|client)\/[^']+';/gm)) offenders.push(`${f}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('wampkit.router.info answers with no internal session running', async () => {
    const router = new Router({ realms: ['realm1'] });
    const s = await connect({ transport: router.connector(), realm: 'realm1' });
    const info = await s.call('wampkit.router.info');
    expect(info.kwargs).toMatchObject({ realms: ['realm1'], sessions: 1, internalSessions: 0 });
    await router.close();
  });
});
