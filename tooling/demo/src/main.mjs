#!/usr/bin/env node
// `npm run demo`: trains a small detector on synthetic shapes once per YOLO loss version,
// evaluates mAP on a validation set and writes an HTML report (see docs/demo.md).
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { HELP, parseArgs } from './cli.mjs';
import { createProgressBoard } from './progress.mjs';
import { writeReport } from './report.mjs';
import { runVersion, validationSet } from './run-version.mjs';
import { IMAGE_SIZE, VERSIONS } from './versions.mjs';

/** @typedef {import('./run-version.mjs').RunResult} RunResult */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|softpipe|software|basic render/i;

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}

/**
 * Picks the backend; `auto` skips a software WebGPU adapter (see docs/demo.md).
 * @param {'auto' | 'cpu' | 'webgpu'} choice
 * @returns {Promise<{ backend: string, note: string }>}
 */
async function chooseBackend(choice) {
  if (choice !== 'auto') {
    const info = await initBackend({ backend: choice });
    return { backend: info.backend, note: info.reason };
  }
  const info = await initBackend({ backend: 'auto', log: false });
  const a = info.adapter;
  const adapterName = a ? [a.vendor, a.description || a.device || a.architecture].filter(Boolean).join(' ') : '';
  if (info.backend === 'webgpu' && a && SOFTWARE_ADAPTER.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`)) {
    await initBackend({ backend: 'cpu', log: false });
    const note = `the WebGPU adapter is a software renderer (${adapterName}), which trains slower than the CPU backend; --backend webgpu uses it anyway`;
    console.log(`[yolo-loss] backend: cpu (${note})`);
    return { backend: 'cpu', note };
  }
  const note = info.backend === 'webgpu' ? `adapter: ${adapterName}` : `no WebGPU: ${info.reason}`;
  console.log(`[yolo-loss] backend: ${info.backend} (${note})`);
  return { backend: info.backend, note };
}

const { backend, note } = await chooseBackend(opts.backend);
const jobs = backend === 'cpu' ? Math.max(1, Math.min(opts.jobs, availableParallelism(), opts.versions.length)) : 1;
/** Steps of each version: `--steps` for all, else each version's own budget. */
const stepsOf = Object.fromEntries(opts.versions.map((v) => [v, opts.steps ?? VERSIONS[v].steps]));
const runOptions = {
  seed: opts.seed,
  batchSize: opts.batch,
  lr: opts.lr,
  mosaic: opts.mosaic,
  cosine: opts.cosine,
  trainCount: opts.trainCount,
  valCount: opts.valCount,
  size: IMAGE_SIZE,
  keepDetections: 6,
};
console.log(
  `[demo] ${opts.versions.map((v) => `${v} ${stepsOf[v]}`).join(', ')} steps, batch ${opts.batch}, ${opts.trainCount} training / ` +
    `${opts.valCount} validation images (96×96, seed ${opts.seed}), ${jobs} in parallel on ${backend}`,
);

const board = createProgressBoard({ labels: opts.versions, total: stepsOf });
/** @param {import('./run-version.mjs').TrainedResult} r */
const finishLine = (r) => `  mAP@0.5 ${r.map50.toFixed(3)}  mAP@0.5:0.95 ${r.map50_95.toFixed(3)}`;
/** @type {Map<string, { step: number, terms: Record<string, number> }>} */
const last = new Map();

/**
 * A worker thread (CPU) that trains the versions it is given one after another; `run(version)`
 * resolves with the result and reports progress on the board.
 */
function startWorker() {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url));
  /** @type {Map<string, { resolve: (result: RunResult) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  /** @type {Error | null} */
  let failed = null;
  /** @param {Error} error */
  const fail = (error) => {
    failed = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (/** @type {import('./worker.mjs').WorkerMessage} */ m) => {
    if (m.type === 'step') {
      last.set(m.version, m);
      board.update(m.version, m.step, m.terms);
    } else if (m.type === 'done') pending.get(m.version)?.resolve(m.result);
    else if (m.type === 'error') pending.get(m.version)?.reject(new Error(`${m.version}: ${m.message}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => code !== 0 && fail(new Error(`worker exited with code ${code}`)));
  return {
    /** @param {string} version @returns {Promise<RunResult>} */
    run: (version) =>
      new Promise((resolvePromise, reject) => {
        if (failed) return reject(failed);
        pending.set(version, { resolve: resolvePromise, reject });
        worker.postMessage({ ...runOptions, steps: stepsOf[version], version });
      }),
    terminate: () => worker.terminate(),
  };
}

/**
 * Trains one version, in `worker` or (null) in this thread.
 * @param {string} version
 * @param {ReturnType<typeof startWorker> | null} worker
 * @returns {Promise<RunResult>}
 */
async function runOne(version, worker) {
  board.start(version);
  const result = worker
    ? await worker.run(version)
    : await runVersion({ ...runOptions, steps: stepsOf[version], version }, (step, terms) => {
          last.set(version, { step, terms });
          board.update(version, step, terms);
        });
  if (result.skipped !== undefined) board.note(version, `skipped: ${result.skipped}`);
  else board.finish(version, result.steps, last.get(version)?.terms ?? {}, finishLine(result));
  return result;
}

const started = performance.now();
// the longest jobs first, so that parallel workers finish close together
const queue = [...opts.versions].sort((a, b) => stepsOf[b] * VERSIONS[b].stepCost - stepsOf[a] * VERSIONS[a].stepCost);
/** @type {Map<string, RunResult>} */
const results = new Map();
// CPU: one worker thread per job, each taking the next version from the queue when it is free
const workers = backend === 'cpu' ? Array.from({ length: jobs }, startWorker) : [null];
await Promise.all(
  workers.map(async (worker) => {
    let v;
    while ((v = queue.shift()) !== undefined) results.set(v, await runOne(v, worker));
  }),
);
await Promise.all(workers.filter((w) => w !== null).map((w) => w.terminate()));
const ordered = opts.versions.map((v) => {
  const r = results.get(v);
  if (!r) throw new Error(`${v}: no result`); // every queued version resolved or the await above threw
  return r;
});
const total = (performance.now() - started) / 1000;

console.log('\nversion   mAP@0.5  mAP@0.5:0.95  steps  training  final loss');
for (const r of ordered) {
  if (r.skipped !== undefined) console.log(`${r.version.padEnd(9)} skipped: ${r.skipped}`);
  else {
    console.log(
      `${r.version.padEnd(9)} ${r.map50.toFixed(3).padStart(7)}  ${r.map50_95.toFixed(3).padStart(12)}  ${String(r.steps).padStart(5)}  ` +
        `${`${r.seconds.toFixed(1)} s`.padStart(8)}  ${r.finalLoss.toFixed(4).padStart(10)}`,
    );
  }
}
const outBase = process.env.INIT_CWD ?? process.cwd();
const outDir = opts.out === 'demo-report' ? join(repoRoot, 'demo-report') : isAbsolute(opts.out) ? opts.out : resolve(outBase, opts.out);
const val = validationSet(runOptions);
const report = writeReport(outDir, {
  backend,
  backendNote: note,
  settings: { ...runOptions, steps: stepsOf, versions: opts.versions, jobs, keepDetections: undefined },
  results: ordered,
  val,
});
console.log(`\nall versions in ${total.toFixed(1)} s; report: ${join(report.dir, 'index.html')} (+ ${report.files.slice(1).join(', ')})`);
tf.disposeVariables();
await disposeBackend();
process.exit(0);
