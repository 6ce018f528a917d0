// Adam for the CPU backend as one loop per variable over the backend's arrays. tf.train.adam
// runs about a dozen small kernels per variable and step (moments, bias correction, square
// root, update, assign); with the demo's 12–20 variables that was ≈ 15 ms a step on the
// 2-core development machine, for ≈ 100 k parameters (now ≈ 3 ms). Same update rule and defaults as
// tf.train.adam (β1 0.9, β2 0.999, ε 1e-7, the float32 backend's epsilon); moments in float32,
// the arithmetic of one element in float64. `test/adam.test.mjs` compares it with tf.train.adam.
import * as tf from '@tensorflow/tfjs-core';

/**
 * What the training loop needs of an optimizer; `learningRate` is read at every step, so setting
 * it schedules the rate.
 * @typedef {{ learningRate: number, minimize: (f: () => tf.Scalar) => void, dispose: () => void }} Optimizer
 */

/**
 * @typedef {Optimizer & { applyGradients: (grads: Record<string, tf.Tensor>) => void }} CpuAdam
 */

/**
 * tf.train.adam as an {@link Optimizer}. tfjs declares AdamOptimizer's `learningRate` protected,
 * but its `applyGradients` reads it at every step, so setting it schedules the rate as for
 * {@link cpuAdam}.
 * @param {number} learningRate
 * @returns {Optimizer}
 */
export function tfjsAdam(learningRate) {
  return /** @type {Optimizer} */ (/** @type {unknown} */ (tf.train.adam(learningRate)));
}

/**
 * @param {number} learningRate - read at every step: set `optimizer.learningRate` to schedule it
 * @param {{ beta1?: number, beta2?: number, epsilon?: number }} [options]
 * @returns {CpuAdam}
 */
export function cpuAdam(learningRate, { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = {}) {
  /** @type {Map<string, { m: Float32Array, v: Float32Array }>} */
  const moments = new Map();
  let accBeta1 = beta1;
  let accBeta2 = beta2;
  /** @type {CpuAdam} */
  const optimizer = {
    learningRate,
    /** Computes the gradients of `f` with respect to every trainable variable and applies them. */
    minimize(f) {
      const { value, grads } = tf.variableGrads(f);
      try {
        optimizer.applyGradients(grads);
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
    },
    applyGradients(grads) {
      const lr = optimizer.learningRate;
      const c1 = 1 - accBeta1;
      const c2 = 1 - accBeta2;
      tf.tidy(() => {
        for (const [name, grad] of Object.entries(grads)) {
          const variable = tf.engine().registeredVariables[name];
          if (!variable || !grad) continue;
          const g = grad.dataSync();
          const w = variable.dataSync();
          let state = moments.get(name);
          if (!state) moments.set(name, (state = { m: new Float32Array(g.length), v: new Float32Array(g.length) }));
          const { m, v } = state;
          const next = new Float32Array(w.length);
          for (let i = 0; i < g.length; i++) {
            const gi = g[i];
            const mi = (m[i] = beta1 * m[i] + (1 - beta1) * gi);
            const vi = (v[i] = beta2 * v[i] + (1 - beta2) * gi * gi);
            next[i] = w[i] - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
          }
          variable.assign(tf.tensor(next, variable.shape));
        }
      });
      accBeta1 *= beta1;
      accBeta2 *= beta2;
    },
    dispose() {
      moments.clear();
    },
  };
  return optimizer;
}
