/**
 * Every TypeScript block in README.md runs, not only type-checks (test/unit/readme.test.ts does
 * that): each block becomes a module, its body wrapped in an async function, and runs against an
 * embedded router set up by its entry in readme-preambles.ts. The blocks' `ws://127.0.0.1:8080/ws`
 * and `port: 8080` point at a free port instead. An unhandled rejection or an uncaught exception
 * from a block fails the run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SNIPPETS, startRouter } from './readme-preambles.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = fileURLToPath(new URL('./.readme-snippets/', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = [...readme.matchAll(/(?:<!-- snippet: ([\w-]+) -->\n)?```ts\n([\s\S]*?)```/g)].map((m) => ({ name: m[1], code: m[2]! }));

/** The block as a module: imports kept at the top, the rest inside `run()`. */
function moduleOf(code: string, url: string | undefined, replace: Readonly<Record<string, string>> = {}): string {
  const imports = [...code.matchAll(/^import .*;$/gm)].map((m) => m[0]);
  let body = code.replace(/^import .*;$/gm, '');
  if (url) body = body.replaceAll("'ws://127.0.0.1:8080/ws'", JSON.stringify(url));
  for (const [from, to] of Object.entries(replace)) body = body.replaceAll(from, to);
  body = body.replaceAll('port: 8080', 'port: 0');
  return `${imports.join('\n')}\nexport default async function run(): Promise<void> {\n${body}\n}\n`;
}

mkdirSync(outDir, { recursive: true });
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('README blocks run', () => {
  it('every ```ts block is named and has a setup', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter((b) => b.name === undefined).map((b) => b.code.slice(0, 60))).toEqual([]);
    expect(blocks.filter((b) => !(b.name! in SNIPPETS)).map((b) => b.name)).toEqual([]);
  });

  it.each(blocks.filter((b) => b.name !== undefined && b.name in SNIPPETS).map((b) => [b.name!, b.code] as const))(
    'block "%s" runs against the embedded router',
    async (name, code) => {
      const setup = SNIPPETS[name]!;
      const router = setup.router ? await startRouter(setup.router) : undefined;
      const prepared = await setup.prepare?.();
      const file = `${outDir}${name}.ts`;
      writeFileSync(file, moduleOf(code, router?.url, prepared?.replace));
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<void> };
        await mod.default();
        setup.check?.(log.mock.calls);
      } finally {
        log.mockRestore();
        await router?.close();
        await prepared?.cleanup();
      }
    },
  );
});
