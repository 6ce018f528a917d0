// Times one loss + gradient step, waiting until the device has finished it (GPU work counted) by
// reading one element of each gradient — reading whole gradients back would time a 30–60 MB
// download the training step never does; kernels dispatched and peak bytes from tf.profile of the
// step alone; GPU→CPU reads counted by wrapping the backend's read/readSync during that step.
// `tf` is passed in: a worker measures with the tfjs-core of the checkout it runs.

/** @type {(keyof import('./bench-types.js').LossTerms)[]} */
const TERMS = ['total', 'box', 'obj', 'noobj', 'cls'];

/**
 * @typedef {object} StepOutput - the loss and the gradient of every input, still on the device
 * @property {import('./bench-types.js').Tensor} value
 * @property {import('./bench-types.js').Tensor[]} grads
 */

/**
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 * @returns {StepOutput}
 */
function step(tf, inputs, loss) {
  return tf.tidy(() => {
    const r = tf.valueAndGrads((...xs) => loss(/** @type {import('@tensorflow/tfjs-core').Tensor4D[]} */ (xs)).total)(inputs);
    return { value: r.value, grads: r.grads };
  });
}

/**
 * Waits for the step's device work (the queue runs in order: the last read returns after it).
 * @param {import('./bench-types.js').Tf} tf
 * @param {StepOutput} output
 */
async function finish(tf, { value, grads }) {
  const probes = tf.tidy(() => grads.map((g) => tf.slice(tf.reshape(g, [-1]), [g.size - 1], [1])));
  await Promise.all(probes.map((p) => p.data()));
  await value.data();
  tf.dispose([value, ...grads, ...probes]);
}

/**
 * Counts device→host reads while `run` runs (synchronously). On the CPU and WASM backends the
 * data is in host memory already: 0. On WebGPU and WebGL a `read`/`readSync` of data that still
 * lives on the CPU (small constants tfjs keeps host-side and hands to CPU kernels) moves nothing,
 * so only reads of device-resident data count (WebGPU's `tensorMap`, WebGL's `texData`: an entry
 * without `values`).
 * @template T
 * @param {import('./bench-types.js').Tf} tf
 * @param {() => T} run
 * @returns {{ result: T, reads: number }}
 */
function countingReads(tf, run) {
  // the backend's private data storage and read methods: typed as what is used of them
  /** @typedef {{ get(dataId: object): { values?: unknown } | undefined }} DataStore */
  const backend = /** @type {Record<string, unknown> & { tensorMap?: DataStore, texData?: DataStore }} */ (
    /** @type {unknown} */ (tf.backend())
  );
  const store = backend.tensorMap ?? backend.texData;
  const hostMemory = tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm';
  let reads = 0;
  /** @param {object} dataId */
  const onDevice = (dataId) => {
    const entry = store?.get(dataId);
    return entry !== undefined && entry.values == null;
  };
  /** @param {string} name */
  const wrap = (name) => {
    const original = /** @type {(this: unknown, dataId: object, ...args: unknown[]) => unknown} */ (backend[name]);
    if (typeof original !== 'function' || hostMemory) return () => {};
    /** @type {(this: unknown, dataId: object, ...args: unknown[]) => unknown} */
    backend[name] = function (dataId, ...args) {
      if (onDevice(dataId)) reads++;
      return original.call(this, dataId, ...args);
    };
    return () => (backend[name] = original);
  };
  const restore = [wrap('read'), wrap('readSync')];
  try {
    return { result: run(), reads };
  } finally {
    restore.forEach((r) => r());
  }
}

/**
 * The loss terms of one call, as numbers (to compare implementations on the same inputs).
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 */
async function lossTerms(tf, inputs, loss) {
  const r = loss(inputs);
  /** @type {Record<string, number>} */
  const out = {};
  for (const t of TERMS) out[t] = /** @type {number} */ ((await r[t].data())[0]);
  tf.dispose(TERMS.map((t) => r[t]));
  return out;
}

/**
 * Warms a row up and takes the numbers that do not need timing. Warm-up: at least 2 steps (the
 * first compiles shaders and fills caches), at most `warmup`, and no more once `warmupMs` have
 * passed — a 30 ms CPU step gets 5. A first step over `slowMs` (seconds of software-GPU work)
 * is warm-up enough: the profiled step after it is the second run, the timed ones come after.
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 * @param {{ warmup?: number, warmupMs?: number, slowMs?: number }} [options]
 * @returns {Promise<import('./bench-types.js').PreparedStats>}
 */
export async function prepare(tf, inputs, loss, { warmup = 5, warmupMs = 3000, slowMs = 5000 } = {}) {
  const start = performance.now();
  let warmMs = 0;
  const minimum = () => (warmMs > slowMs ? 1 : 2);
  for (let i = 0; i < warmup && (i < minimum() || performance.now() - start < warmupMs); i++) {
    const t0 = performance.now();
    await finish(tf, step(tf, inputs, loss));
    warmMs = performance.now() - t0;
  }
  const inputBytes = inputs.reduce((sum, t) => sum + t.size * 4, 0);
  // tf.profile's peak counts every live tensor: other rows' inputs in this process are not the step's
  const before = tf.memory().numBytes;
  /** @type {StepOutput | undefined} */
  let profiled;
  let reads = 0;
  // one step, profiled (kernels, peak bytes) and with its reads counted (the step has no awaits)
  const profile = await tf.profile(() => {
    ({ result: profiled, reads } = countingReads(tf, () => step(tf, inputs, loss)));
  });
  if (profiled === undefined) throw new Error('tf.profile did not run the step');
  await finish(tf, profiled);
  return {
    kernels: profile.kernels.length,
    reads,
    peakBytes: profile.peakBytes - before + inputBytes,
    minBytes: 2 * inputBytes, // predictions read once + gradient written once
    loss: await lossTerms(tf, inputs, loss),
    warmMs,
  };
}

/**
 * One timed step: milliseconds until the device has finished it, and the CPU time the process
 * spent meanwhile (all its threads, user + system: less sensitive to other processes' load than
 * the wall clock, though not to their use of caches and memory; null in a browser page).
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 * @returns {Promise<import('./bench-types.js').StepTime>}
 */
export async function timeStep(tf, inputs, loss) {
  const proc = /** @type {NodeJS.Process | undefined} */ (globalThis.process); // undefined in a page
  const c0 = proc?.cpuUsage();
  const t0 = performance.now();
  await finish(tf, step(tf, inputs, loss));
  const ms = performance.now() - t0;
  const cpu = proc?.cpuUsage(c0);
  return { ms, cpuMs: cpu === undefined ? null : (cpu.user + cpu.system) / 1000 };
}

/**
 * @param {number[]} values - not empty
 * @returns {number}
 */
const median = (values) => /** @type {number} */ ([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);

/**
 * Median, minimum and maximum of step times, the median CPU time (null where a step had none),
 * and every step's time (in round order).
 * @param {import('./bench-types.js').StepTime[]} steps - not empty
 */
export function summarize(steps) {
  const times = steps.map((s) => s.ms).sort((a, b) => a - b);
  const cpu = steps.map((s) => s.cpuMs);
  return {
    medianMs: median(times),
    minMs: /** @type {number} */ (times[0]),
    maxMs: /** @type {number} */ (times[times.length - 1]),
    cpuMedianMs: cpu.every((c) => c !== null) ? median(/** @type {number[]} */ (cpu)) : null,
    stepsMs: steps.map((s) => Number(s.ms.toFixed(2))),
  };
}
