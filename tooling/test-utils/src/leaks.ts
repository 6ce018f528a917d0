import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `step` `count` times (after one warm-up run, which may create lazily cached tensors)
 * and asserts that `tf.memory().numTensors` and `numBytes` end where they started. `step`
 * must dispose whatever it returns.
 */
export async function expectNoTensorLeak(step: () => Promise<void> | void, count: number): Promise<void> {
  await step();
  const before = tf.memory();
  for (let i = 0; i < count; i++) await step();
  const after = tf.memory();
  if (after.numTensors !== before.numTensors || after.numBytes !== before.numBytes) {
    throw new Error(
      `tensor leak over ${count} steps: numTensors ${before.numTensors} → ${after.numTensors}, ` +
        `numBytes ${before.numBytes} → ${after.numBytes}`,
    );
  }
}
