/**
 * Writes state-machines/session.json and state-machines/session.mmd from the machine definition.
 * `npm run machines` regenerates them; test/unit/machine/diagram.test.ts fails when they are stale.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine, toMermaid } from '../state-machines/describe.js';
import { sessionMachine } from '../state-machines/session-machine.js';

const dir = fileURLToPath(new URL('../state-machines/', import.meta.url));
const description = describeMachine(sessionMachine);
// The hash of the machine's source ties the drawing to the code it was drawn from.
const source = createHash('sha256').update(readFileSync(`${dir}session-machine.ts`)).digest('hex').slice(0, 16);
writeFileSync(`${dir}session.json`, JSON.stringify({ source, ...description }, null, 2) + '\n');
writeFileSync(`${dir}session.mmd`, toMermaid(description));
console.log(`wrote ${dir}session.json and ${dir}session.mmd`);
