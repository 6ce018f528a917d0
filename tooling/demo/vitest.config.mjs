// The demo's own unit tests (plain JavaScript, no tfjs backend needed): `pnpm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'demo',
    include: ['test/**/*.test.mjs'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
