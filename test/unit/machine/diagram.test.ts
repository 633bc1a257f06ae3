/** The generated state-machines/session.json|.mmd and v1-session.json|.mmd must match the machines: `npm run machines` regenerates them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeMachine, toMermaid } from '../../../state-machines/describe.js';
import { sessionMachine } from '../../../state-machines/session-machine.js';
import { v1SessionMachine } from '../../../state-machines/v1-session-machine.js';

const dir = new URL('../../../state-machines/', import.meta.url);

describe('state-machines/ diagrams', () => {
  const description = describeMachine(sessionMachine);
  it('session.json is current (run `npm run machines`)', () => {
    const hash = createHash('sha256');
    for (const f of ['session-chart.ts', 'session-machine.ts']) hash.update(readFileSync(new URL(f, dir)));
    const source = hash.digest('hex').slice(0, 16);
    expect(readFileSync(new URL('session.json', dir), 'utf8')).toBe(JSON.stringify({ source, ...description }, null, 2) + '\n');
  });
  it('session.mmd is current (run `npm run machines`)', () => {
    expect(readFileSync(new URL('session.mmd', dir), 'utf8')).toBe(toMermaid(description));
  });
  it('describes every state of the machine', () => {
    const ids: string[] = [];
    const walk = (s: typeof description): void => {
      ids.push(s.id);
      s.states.forEach(walk);
    };
    walk(description);
    expect(ids).toEqual(expect.arrayContaining(['idle', 'active.connecting', 'active.challenging', 'active.established', 'active.closing', 'reconnecting', 'closed', 'failed']));
  });
});

describe('state-machines/ v1 diagram', () => {
  const description = describeMachine(v1SessionMachine);
  it('v1-session.json is current (run `npm run machines`)', () => {
    const source = createHash('sha256').update(readFileSync(new URL('v1-session-machine.ts', dir))).digest('hex').slice(0, 16);
    expect(readFileSync(new URL('v1-session.json', dir), 'utf8')).toBe(JSON.stringify({ source, ...description }, null, 2) + '\n');
  });
  it('v1-session.mmd is current (run `npm run machines`)', () => {
    expect(readFileSync(new URL('v1-session.mmd', dir), 'utf8')).toBe(toMermaid(description));
  });
  it('has no challenge: WELCOME opens it', () => {
    expect(description.states.map((s) => s.id)).toEqual(['idle', 'connecting', 'established', 'closing', 'closed', 'failed'].map((s) => `v1Session.${s}`));
    const connecting = description.states.find((s) => s.id === 'v1Session.connecting')!;
    expect(connecting.transitions).toContainEqual(expect.objectContaining({ event: 'wamp1.welcome', target: 'v1Session.established' }));
  });
});
