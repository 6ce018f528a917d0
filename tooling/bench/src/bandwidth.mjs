// The memory bandwidth one backend reaches on this machine, to put each case's minimum bytes
// in time: CPU — a native copy of a 64 MiB Float32Array (TypedArray.set, i.e. memcpy: faster
// than any JS loop, so a strict bound); WebGPU — an element-wise tfjs kernel (relu) over a
// 64 MiB tensor, 10 dispatches, then one 4-byte read to wait for the queue. `tf` is passed in
// (a worker measures with its checkout's tfjs-core).

const BYTES = 64 * 2 ** 20;

/**
 * @param {import('./bench-types.js').Tf} tf
 * @returns {Promise<number>} bytes per millisecond (read + write counted).
 */
export async function measureBandwidth(tf) {
  const n = BYTES / 4;
  if (tf.getBackend() === 'cpu') {
    const src = new Float32Array(n).fill(1);
    const dst = new Float32Array(n);
    const times = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      dst.set(src);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return (2 * BYTES) / times[Math.floor(times.length / 2)];
  }
  const x = tf.fill([n], 1);
  /** @param {number} k - relu dispatches */
  const pass = async (k) => {
    let y = tf.relu(x);
    for (let i = 1; i < k; i++) {
      const next = tf.relu(x);
      y.dispose();
      y = next;
    }
    const one = tf.slice(y, [0], [1]);
    await one.data();
    tf.dispose([y, one]);
  };
  await pass(2);
  const t0 = performance.now();
  await pass(10);
  const ms = performance.now() - t0;
  x.dispose();
  return (10 * 2 * BYTES) / ms;
}
