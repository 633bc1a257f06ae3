/**
 * The README's TypeScript snippets type-check against the real API (CONVENTIONS.md 13: docs
 * that run). Each snippet is compiled as a module with a small prelude that declares the
 * variables the prose assumes (`url`, `secret`, `session`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

const PRELUDE = `import type { Session } from 'wampkit';
declare const url: string;
declare const secret: string;
declare const session: Session;
`;

function snippetSource(code: string): string {
  const imports = [...code.matchAll(/^import .*;$/gm)].map((m) => m[0]);
  const body = code.replace(/^import .*;$/gm, '');
  // Names a snippet declares itself are not declared again by the prelude.
  const prelude = PRELUDE.split('\n')
    .filter((line) => {
      const name = /declare const (\w+)/.exec(line)?.[1];
      return name === undefined || !new RegExp(`\\b(const|let) ${name}\\b`).test(body);
    })
    .join('\n');
  return `${imports.join('\n')}\nimport { connect, Result, WampError, CanceledError, Sessions, wampcraAuth, ticketAuth, cryptosignAuth } from 'wampkit';\n${prelude}\nexport {};\n${body}`;
}

/** Type-checks every snippet in one program; diagnostics per snippet. */
function typeCheck(codes: string[]): string[][] {
  const files = codes.map((_, i) => `${root}test/unit/__readme_snippet_${i + 1}.ts`);
  const sources = new Map(files.map((f, i) => [f, snippetSource(codes[i]!)]));
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => sources.get(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => sources.has(f) || exists(f);
  const program = ts.createProgram(files, { ...config.options, noEmit: true, noUnusedLocals: false }, host);
  const all = ts.getPreEmitDiagnostics(program);
  return files.map((f) =>
    all
      .filter((d) => d.file?.fileName === f)
      .filter((d) => d.code !== 2300 && d.code !== 2451) // an import in both the snippet and the prelude
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
}

const results = typeCheck(snippets);

describe('README snippets', () => {
  it('has TypeScript snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });
  it.each(snippets.map((_, i) => [i + 1] as const))('snippet %i type-checks', (i) => {
    expect(results[i - 1]).toEqual([]);
  });
});
