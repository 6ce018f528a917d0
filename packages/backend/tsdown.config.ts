import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', webgpu: 'src/webgpu.ts', kernels: 'src/kernels/index.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  // Peers are never bundled: a second tfjs-core would be a second engine.
  deps: { neverBundle: [/^@tensorflow\//, 'webgpu'] },
});
