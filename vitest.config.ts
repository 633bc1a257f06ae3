import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^wampkit\/router$/, replacement: src('router/index.ts') },
      { find: /^wampkit\/protocol$/, replacement: src('protocol/index.ts') },
      { find: /^wampkit\/testing$/, replacement: src('testing/index.ts') },
      { find: /^wampkit\/v1$/, replacement: src('v1/index.ts') },
      { find: /^wampkit\/rawsocket$/, replacement: src('rawsocket.ts') },
      { find: /^wampkit$/, replacement: src('index.ts') },
    ],
  },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/router/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 20_000 } },
      { extends: true, test: { name: 'interop', include: ['test/interop/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 120_000, fileParallelism: false } },
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 300_000, fileParallelism: false } },
      { extends: true, test: { name: 'consumer', include: ['test/consumer/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
