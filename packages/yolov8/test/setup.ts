import { initBackend } from '@yolo-loss/backend';
import { testBackend } from '@yolo-loss/test-utils';

await initBackend({ backend: testBackend(), log: false });
