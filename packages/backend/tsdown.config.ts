import { definePackageBuild } from '@yolo-loss/tsdown-config';

export default definePackageBuild({
  entry: { index: 'src/index.ts', webgpu: 'src/webgpu.ts', kernels: 'src/kernels/index.ts' },
});
