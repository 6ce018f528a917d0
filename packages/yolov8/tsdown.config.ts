import { definePackageBuild } from '@yolo-loss/tsdown-config';

export default definePackageBuild({ entry: ['src/index.ts'] });
