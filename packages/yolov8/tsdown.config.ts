import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  // Peers and our own packages stay imports: never a second tfjs-core in the output.
  deps: { neverBundle: [/^@tensorflow\//, /^@yolo-loss\//] },
});
