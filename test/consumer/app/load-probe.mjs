// What a Node app loads when it imports wampkit from the installed tarball: the files V8 compiled
// (listed by the inspector once the import is done) and how long the import took.
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
await import('wampkit');
const importMs = performance.now() - t0;
const session = new Session();
session.connect();
const files = new Set();
// Enabling the debugger reports every script already compiled, before `post` returns.
session.on('Debugger.scriptParsed', ({ params }) => {
  if (params.url.startsWith('file:')) files.add(params.url.replace(/^.*\/node_modules\//, ''));
});
session.post('Debugger.enable');
session.disconnect();
console.log(JSON.stringify({ importMs: Math.round(importMs), files: [...files] }));
