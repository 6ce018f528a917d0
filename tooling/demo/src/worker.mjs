// Worker-thread entry: trains versions on the CPU backend, one after another as the main
// thread sends them (the thread keeps its data set and kernels between versions), and posts
// progress and results.
/**
 * What a worker posts to the main thread.
 * @typedef {{ type: 'step', version: string, step: number, terms: Record<string, number> }
 *   | { type: 'done', version: string, result: import('./run-version.mjs').RunResult }
 *   | { type: 'error', version: string, message: string }} WorkerMessage
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '@yolo-loss/backend';
import { runVersion } from './run-version.mjs';

if (!parentPort) throw new Error('worker.mjs runs in a worker thread (main.mjs starts it)');
const port = parentPort;
await initBackend({ backend: 'cpu', log: false });
/** @param {WorkerMessage} message */
const post = (message) => port.postMessage(message);

/**
 * Trains one version and posts its progress and result, or the error (never rejects).
 * @param {Parameters<typeof runVersion>[0]} options
 */
async function train(options) {
  try {
    const result = await runVersion(options, (step, terms) => post({ type: 'step', version: options.version, step, terms }));
    post({ type: 'done', version: options.version, result });
  } catch (error) {
    post({ type: 'error', version: options.version, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

port.on('message', (/** @type {Parameters<typeof runVersion>[0]} */ options) => void train(options));
