// Times one loss + gradient step, waiting until the device has finished it (GPU work counted) by
// reading one element of each gradient — reading whole gradients back would time a 30–60 MB
// download the training step never does; kernels dispatched and peak bytes from tf.profile of the
// step alone; GPU→CPU reads counted by wrapping the backend's read/readSync during one step.
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
 * Device→host reads during one step. On the CPU backend there is no device memory: 0. On
 * WebGPU a `read`/`readSync` of data that still lives on the CPU (small constants tfjs keeps
 * host-side and hands to CPU kernels) moves nothing, so only reads of GPU-resident data count.
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 */
async function countReads(tf, inputs, loss) {
  // the backend's private tensor map and read methods: typed as what is used of them
  const backend = /** @type {Record<string, unknown> & { tensorMap?: Map<object, { values?: unknown }> }} */ (
    /** @type {unknown} */ (tf.backend())
  );
  let reads = 0;
  /** @param {object} dataId */
  const onGpu = (dataId) => {
    const entry = backend.tensorMap?.get(dataId);
    return entry !== undefined && entry.values == null;
  };
  /** @param {string} name */
  const wrap = (name) => {
    const original = /** @type {(this: unknown, dataId: object, ...args: unknown[]) => unknown} */ (backend[name]);
    if (typeof original !== 'function' || tf.getBackend() === 'cpu') return () => {};
    /** @type {(this: unknown, dataId: object, ...args: unknown[]) => unknown} */
    backend[name] = function (dataId, ...args) {
      if (onGpu(dataId)) reads++;
      return original.call(this, dataId, ...args);
    };
    return () => (backend[name] = original);
  };
  const restore = [wrap('read'), wrap('readSync')];
  const s = step(tf, inputs, loss); // the step itself: no awaits inside
  restore.forEach((r) => r());
  await finish(tf, s);
  return reads;
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
 * Warms a row up and takes the numbers that do not need timing.
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 * @param {{ warmup?: number }} [options]
 * @returns {Promise<import('./bench-types.js').PreparedStats>}
 */
export async function prepare(tf, inputs, loss, { warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) await finish(tf, step(tf, inputs, loss));
  const inputBytes = inputs.reduce((sum, t) => sum + t.size * 4, 0);
  // tf.profile's peak counts every live tensor: other rows' inputs in this process are not the step's
  const before = tf.memory().numBytes;
  /** @type {StepOutput | undefined} */
  let profiled;
  const profile = await tf.profile(() => {
    profiled = step(tf, inputs, loss);
  });
  if (profiled === undefined) throw new Error('tf.profile did not run the step');
  await finish(tf, profiled);
  const reads = await countReads(tf, inputs, loss);
  return {
    kernels: profile.kernels.length,
    reads,
    peakBytes: profile.peakBytes - before + inputBytes,
    minBytes: 2 * inputBytes, // predictions read once + gradient written once
    loss: await lossTerms(tf, inputs, loss),
  };
}

/**
 * One timed step: milliseconds until the device has finished it, and the CPU time the process
 * spent meanwhile (all its threads, user + system: less sensitive to other processes' load than
 * the wall clock, though not to their use of caches and memory).
 * @param {import('./bench-types.js').Tf} tf
 * @param {import('@tensorflow/tfjs-core').Tensor4D[]} inputs
 * @param {import('./bench-types.js').LossFn} loss
 * @returns {Promise<import('./bench-types.js').StepTime>}
 */
export async function timeStep(tf, inputs, loss) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await finish(tf, step(tf, inputs, loss));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median, minimum and maximum of step times, the median CPU time, and every step's time (in round order).
 * @param {import('./bench-types.js').StepTime[]} steps
 */
export function summarize(steps) {
  const times = steps.map((s) => s.ms).sort((a, b) => a - b);
  return {
    medianMs: median(times),
    minMs: times[0],
    maxMs: times[times.length - 1],
    cpuMedianMs: median(steps.map((s) => s.cpuMs)),
    stepsMs: steps.map((s) => Number(s.ms.toFixed(2))),
  };
}
