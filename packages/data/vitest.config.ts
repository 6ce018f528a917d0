import { definePackageConfig } from '@yolo-loss/vitest-config';

// No tensors here: the suite runs once, in the data@cpu project.
export default definePackageConfig({ name: 'data', tensors: false });
