import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  // The image codecs stay imports of the Node entry; node: built-ins are never bundled.
  deps: { neverBundle: ['pngjs', 'jpeg-js', /^node:/] },
});
