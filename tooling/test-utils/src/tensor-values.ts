import type * as tf from '@tensorflow/tfjs-core';

/** Reads a tensor asynchronously (never `dataSync`: it fails on Node WebGPU). */
export async function values(t: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from(await t.data());
}

/** Throws naming the first non-finite entry of `t`. */
export async function expectFinite(t: tf.Tensor, label: string): Promise<void> {
  const data = await t.data();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`${label}: entry ${i} is ${data[i]}`);
  }
}
