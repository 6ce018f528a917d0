import { defineConfig } from 'vitest/config';

// The examples run in child processes on whatever backend initBackend() picks.
export default defineConfig({
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
    testTimeout: 300_000,
  },
});
