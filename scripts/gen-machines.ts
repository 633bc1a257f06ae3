/**
 * Writes state-machines/session.json|.mmd (WAMP v2) and state-machines/v1-session.json|.mmd
 * (WAMP v1) from the machine definitions. `npm run machines` regenerates them;
 * test/unit/machine/diagram.test.ts fails when they are stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { describeMachine, toMermaid } from '../state-machines/describe.js';
import { sessionMachine } from '../state-machines/session-machine.js';
import { v1SessionMachine } from '../state-machines/v1-session-machine.js';

const dir = fileURLToPath(new URL('../state-machines/', import.meta.url));
// Each machine, and the files its definition lives in (the session's chart is plain data that
// session-machine.ts hands to xstate).
const machines: Array<[string, AnyStateMachine, string[]]> = [
  ['session', sessionMachine, ['session-chart.ts', 'session-machine.ts']],
  ['v1-session', v1SessionMachine, ['v1-session-machine.ts']],
];
for (const [name, machine, files] of machines) {
  const description = describeMachine(machine);
  // The hash of the machine's source ties the drawing to the code it was drawn from.
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(`${dir}${f}`));
  const source = hash.digest('hex').slice(0, 16);
  writeFileSync(`${dir}${name}.json`, JSON.stringify({ source, ...description }, null, 2) + '\n');
  writeFileSync(`${dir}${name}.mmd`, toMermaid(description));
  console.log(`wrote ${dir}${name}.json and ${dir}${name}.mmd`);
}
