// The bench's own unit tests (plain JavaScript, no tfjs backend, no timing): `pnpm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'bench',
    include: ['test/**/*.test.mjs'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
