// Worker-thread entry: trains versions on the CPU backend, one after another as the main
// thread sends them (the thread keeps its data set and kernels between versions), and posts
// progress and results.
import { parentPort } from 'node:worker_threads';
import { initBackend } from '@yolo-loss/backend';
import { runVersion } from './run-version.mjs';

await initBackend({ backend: 'cpu', log: false });
parentPort.on('message', async (options) => {
  try {
    const result = await runVersion(options, (step, terms) => parentPort.postMessage({ type: 'step', version: options.version, step, terms }));
    parentPort.postMessage({ type: 'done', version: options.version, result });
  } catch (error) {
    parentPort.postMessage({ type: 'error', version: options.version, message: error?.stack ?? String(error) });
  }
});
