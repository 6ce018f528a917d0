import { defineConfig } from 'vitest/config';

// Workspace-level tests (release flow, repository rules): backend-independent, plain Node.
export default defineConfig({
  test: {
    name: 'workspace',
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
    testTimeout: 120_000,
  },
});
