import { definePackageConfig } from '@yolo-loss/vitest-config';

export default definePackageConfig({ name: 'yolov8' });
