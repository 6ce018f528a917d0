// The playground page: `pnpm --filter @yolo-loss/playground dev`. The loss packages are bundled
// from their TypeScript sources (the `@yolo-loss/source` export condition), so no build is needed.
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  resolve: {
    conditions: ['@yolo-loss/source', ...defaultClientConditions],
    dedupe: ['@tensorflow/tfjs-core'],
  },
  optimizeDeps: {
    include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgpu'],
  },
  // the page imports the demo's modules through @yolo-loss/demo (a workspace link to ../demo)
  // and the packages' sources: the dev server may serve both
  server: { fs: { allow: ['..', '../../packages'] } },
});
