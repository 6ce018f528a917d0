// Times one loss + gradient step: median/min/max over `runs` after `warmup`, waiting until the
// device has finished the step (GPU work counted) by reading one element of each gradient —
// reading whole gradients back would time a 30–60 MB download the training step never does;
// kernels dispatched and peak bytes from tf.profile of the step alone; GPU→CPU reads counted by
// wrapping the backend's read/readSync during one step.
import * as tf from '@tensorflow/tfjs-core';

/**
 * @typedef {{ value: tf.Scalar, grads: tf.Tensor[] }} Step - a step's loss and gradients, not yet waited for
 */

/**
 * One loss + gradient step (dispatched, not waited for).
 * @template {tf.Tensor} T
 * @param {T[]} inputs
 * @param {(xs: T[]) => tf.Scalar} loss
 * @returns {Step}
 */
function step(inputs, loss) {
  const { value, grads } = tf.tidy(() => {
    // valueAndGrads types the function's arguments as plain tensors: they are `inputs`
    const r = tf.valueAndGrads((...xs) => loss(/** @type {T[]} */ (xs)))(inputs);
    return { value: r.value, grads: r.grads };
  });
  return { value, grads };
}

/**
 * Waits for the step's device work (the queue runs in order: the last read returns after it).
 * @param {Step} step
 */
async function finish({ value, grads }) {
  const probes = tf.tidy(() => grads.map((g) => tf.slice(tf.reshape(g, [-1]), [g.size - 1], [1])));
  await Promise.all(probes.map((p) => p.data()));
  await value.data();
  tf.dispose([value, ...grads, ...probes]);
}

/**
 * Device→host reads during one step. On the CPU backend there is no device memory: 0. On
 * WebGPU a `read`/`readSync` of data that still lives on the CPU (small constants tfjs keeps
 * host-side and hands to CPU kernels) moves nothing, so only reads of GPU-resident data count.
 * @template {tf.Tensor} T
 * @param {T[]} inputs
 * @param {(xs: T[]) => tf.Scalar} loss
 */
async function countReads(inputs, loss) {
  if (tf.getBackend() === 'cpu') {
    await finish(step(inputs, loss));
    return 0;
  }
  const backend = tf.backend();
  let reads = 0;
  // tfjs-backend-webgpu keeps each tensor's entry in `tensorMap` (not in KernelBackend's type);
  // `values` is null while the data lives on the GPU
  const tensorMap = 'tensorMap' in backend && backend.tensorMap instanceof Map ? backend.tensorMap : undefined;
  /** @param {tf.DataId} dataId */
  const count = (dataId) => {
    /** @type {unknown} */
    const entry = tensorMap?.get(dataId);
    if (typeof entry === 'object' && entry !== null && 'values' in entry && entry.values == null) reads++;
  };
  const read = backend.read.bind(backend);
  const readSync = backend.readSync.bind(backend);
  backend.read = (dataId) => {
    count(dataId);
    return read(dataId);
  };
  backend.readSync = (dataId) => {
    count(dataId);
    return readSync(dataId);
  };
  let s;
  try {
    s = step(inputs, loss); // the step itself: no awaits inside
  } finally {
    backend.read = read;
    backend.readSync = readSync;
  }
  await finish(s);
  return reads;
}

/**
 * Times one loss + gradient step of `loss` at `inputs`.
 * @template {tf.Tensor} T
 * @param {T[]} inputs
 * @param {(xs: T[]) => tf.Scalar} loss
 * @param {{ warmup?: number, runs?: number }} [options]
 */
export async function measure(inputs, loss, { warmup = 2, runs = 10 } = {}) {
  for (let i = 0; i < warmup; i++) await finish(step(inputs, loss));
  /** @type {Step | undefined} */
  let profiled;
  const profile = await tf.profile(() => {
    profiled = step(inputs, loss);
  });
  if (!profiled) throw new Error('tf.profile did not run the step');
  await finish(profiled);
  const reads = await countReads(inputs, loss);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await finish(step(inputs, loss));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const minBytes = 2 * inputs.reduce((sum, t) => sum + t.size * 4, 0); // predictions read once + gradient written once
  return {
    medianMs: times[Math.floor(times.length / 2)],
    minMs: times[0],
    maxMs: times[times.length - 1],
    kernels: profile.kernels.length,
    reads,
    peakBytes: profile.peakBytes,
    minBytes,
  };
}
