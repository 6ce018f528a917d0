// The playground's end-to-end test: Node drives a headless Chromium (no tfjs backend in the
// test process itself), so this config stays CPU-only like tooling/demo's.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'playground',
    include: ['test/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 480_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
