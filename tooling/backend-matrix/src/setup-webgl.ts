// Every test file in the page starts on the webgl backend, as each package's test/setup.ts does in Node.
import '@tensorflow/tfjs-backend-webgl';
import { initBackend } from '@yolo-loss/backend';

await initBackend({ backend: 'webgl', log: false });
