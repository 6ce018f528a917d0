// Times one loss + gradient step: median/min/max over `runs` after `warmup`, waiting until the
// device has finished the step (GPU work counted) by reading one element of each gradient —
// reading whole gradients back would time a 30–60 MB download the training step never does;
// kernels dispatched and peak bytes from tf.profile of the step alone; GPU→CPU reads counted by
// wrapping the backend's read/readSync during one step.
import * as tf from '@tensorflow/tfjs-core';

function step(inputs, loss) {
  const { value, grads } = tf.tidy(() => {
    const r = tf.valueAndGrads((...xs) => loss(xs))(inputs);
    return { value: r.value, grads: r.grads };
  });
  return { value, grads };
}

/** Waits for the step's device work (the queue runs in order: the last read returns after it). */
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
 */
async function countReads(inputs, loss) {
  const backend = tf.backend();
  let reads = 0;
  const onGpu = (dataId) => {
    const entry = backend.tensorMap?.get(dataId);
    return entry !== undefined && entry.values == null;
  };
  const wrap = (name) => {
    const original = backend[name];
    if (typeof original !== 'function' || tf.getBackend() === 'cpu') return () => {};
    backend[name] = function (dataId, ...args) {
      if (onGpu(dataId)) reads++;
      return original.call(this, dataId, ...args);
    };
    return () => (backend[name] = original);
  };
  const restore = [wrap('read'), wrap('readSync')];
  const s = step(inputs, loss); // the step itself: no awaits inside
  restore.forEach((r) => r());
  await finish(s);
  return reads;
}

export async function measure(inputs, loss, { warmup = 2, runs = 10 } = {}) {
  for (let i = 0; i < warmup; i++) await finish(step(inputs, loss));
  let profiled;
  const profile = await tf.profile(() => {
    profiled = step(inputs, loss);
  });
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
    maxMs: times.at(-1),
    kernels: profile.kernels.length,
    reads,
    peakBytes: profile.peakBytes,
    minBytes,
  };
}
