/** The examples run and print what they claim (docs that run, CONVENTIONS.md 13). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = (file: string) => run(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 30_000 });

describe('examples', () => {
  it('examples/basic.ts calls, publishes, receives the event and closes', async () => {
    const { stdout } = await tsx('examples/basic.ts');
    expect(stdout).toMatch(/call com\.example\.add\(2, 3\) → \[5\] \{"by":"backend"\}/);
    expect(stdout).toMatch(/call with bad input → ERROR com\.example\.error\.not_a_number/);
    expect(stdout).toMatch(/event on com\.example\.temperature: \[21\.5\] \{"unit":"C"\}/);
    expect(stdout).toMatch(/router info: \{"version":"[^"]+","realms":\["realm1"\]/);
    expect(stdout.trim().split('\n').at(-1)).toBe('closed');
  });

  it('examples/progress-cancel.ts streams progress, cancels at 50 %, times out', async () => {
    const { stdout } = await tsx('examples/progress-cancel.ts');
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['progress 25%', 'progress 50%', 'progress 75%', 'progress 100%', 'done: firmware 2.0 installed']);
    expect(lines).toContain('canceled (mode kill)');
    expect(lines.indexOf('canceled (mode kill)')).toBe(lines.indexOf('progress 50%', 5) + 1);
    expect(lines).toContain('TimeoutError: call timed out after 50 ms');
    expect(lines.at(-1)).toBe('the callee was interrupted');
  });

  it('examples/app-test.ts: an app test written with wampkit/testing passes every check', async () => {
    const { stdout } = await tsx('examples/app-test.ts');
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('ok - '))).toHaveLength(6);
    expect(lines.at(-1)).toBe('all ok');
  });

  it('examples/streams-and-meta.ts: a stream read with for await, sessions listed with session.meta, a testament and on_leave', async () => {
    const { stdout } = await tsx('examples/streams-and-meta.ts');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('session (operator): admin operator');
    expect(lines.filter((l) => /^session \d+: anonymous$/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^home\.temperature\.(kitchen|hall): \d/.test(l))).toHaveLength(6);
    expect(lines).toContain('stream ended (dropped 0), subscription active: false');
    expect(lines).toContain('sensor lost: hall');
    expect(lines).toContain('session left: the hall sensor');
    expect(lines.at(-1)).toBe('closed');
  });

  it('examples/contracts: one contract shared by a Node callee and a caller, checked on both sides', async () => {
    const { stdout } = await tsx('examples/contracts/main.ts');
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['reading: 19 C', 'target set: 21 C', 'heating: 20', 'heating: 21', 'heat up: reached']);
    expect(lines).toContain('refused locally: wamp.error.invalid_argument: home.thermostat.set_target: args.0: Too big: expected number to be <=30');
    expect(lines.find((l) => l.startsWith('refused by the callee: wamp.error.invalid_argument'))).toMatch(/"path":"args\.0"/);
    expect(lines.at(-1)).toBe('closed');
  });
});
