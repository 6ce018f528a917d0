import { testBackend } from '@yolo-loss/test-utils';
import { initBackend } from '../src/index.js';

await initBackend({ backend: testBackend(), log: false });
