// Worker-thread entry: trains one version on the CPU backend and posts progress and result.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@yolo-loss/backend';
import { runVersion } from './run-version.mjs';

await initBackend({ backend: 'cpu', log: false });
try {
  const result = await runVersion(workerData, (step, terms) => parentPort.postMessage({ type: 'step', step, terms }));
  parentPort.postMessage({ type: 'done', result });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: error?.stack ?? String(error) });
}
