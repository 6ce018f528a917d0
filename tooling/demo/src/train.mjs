// The training loop of one loss version: batches from the training set (Mosaic for the
// versions that use the bag of freebies), one Adam `optimizer.minimize` per step under `tf.tidy`,
// the loss terms read back with `await t.data()`, and a learning-rate schedule.
import * as tf from '@tensorflow/tfjs-core';
import { cpuAdam, tfjsAdam } from './adam.mjs';
import { mosaic } from './mosaic.mjs';
import { packBatch } from './model.mjs';
import { createRng } from './rng.mjs';

/**
 * @typedef {'box' | 'obj' | 'noobj' | 'cls'} Term
 * @typedef {Record<'step' | 'lr' | 'total' | Term, number[]>} History - one entry per step
 */

/**
 * The loss terms every version reports, in order.
 * @type {Term[]}
 */
export const TERMS = ['box', 'obj', 'noobj', 'cls'];

/**
 * Cosine annealing (SGDR without restarts) after a linear warm-up:
 * `lr = floor + (base − floor)·(1 + cos(π·t))/2`, `t` the fraction of the steps after warm-up.
 * @param {number} step - 0-based
 * @param {number} total - number of steps
 * @param {number} base - peak learning rate
 * @param {{ warmup?: number, floor?: number }} [options] - warm-up fraction; final lr as a fraction of base
 */
export function cosineLr(step, total, base, { warmup = 0.05, floor = 0.02 } = {}) {
  const w = Math.floor(total * warmup);
  if (step < w) return base * (0.1 + (0.9 * (step + 1)) / w);
  const t = total - w > 1 ? (step - w) / (total - w - 1) : 1;
  return base * (floor + ((1 - floor) * (1 + Math.cos(Math.PI * Math.min(1, t)))) / 2);
}

/**
 * A constant learning rate after the same warm-up.
 * @param {number} step - 0-based
 * @param {number} total - number of steps
 * @param {number} base - learning rate
 * @param {{ warmup?: number }} [options] - warm-up fraction
 */
export function constantLr(step, total, base, { warmup = 0.05 } = {}) {
  const w = Math.floor(total * warmup);
  return step < w ? base * (0.1 + (0.9 * (step + 1)) / w) : base;
}

/**
 * Darknet's `policy=steps` after the same warm-up: the rate is multiplied by `scale` at each
 * fraction in `at` (yolov3.cfg: ×0.1 at 80 % and ×0.1 at 90 % of max_batches).
 * @param {number} step - 0-based
 * @param {number} total - number of steps
 * @param {number} base - peak learning rate
 * @param {{ warmup?: number, at?: number[], scale?: number }} [options] - warm-up fraction;
 *   fractions of the steps where the rate drops; factor of each drop
 */
export function stepsLr(step, total, base, { warmup = 0.05, at = [0.8, 0.9], scale = 0.1 } = {}) {
  const w = Math.floor(total * warmup);
  if (step < w) return base * (0.1 + (0.9 * (step + 1)) / w);
  return base * scale ** at.filter((f) => step >= Math.round(total * f)).length;
}

/**
 * Picks the images and boxes of one batch.
 * @param {import('./dataset.mjs').Dataset} data
 * @param {number} batchSize
 * @param {Pick<import('./rng.mjs').Rng, 'next' | 'int'>} rng
 * @param {number} mosaicFraction - share of the batch built by Mosaic (0 = none)
 * @returns {{ images: Float32Array[], boxes: import('./dataset.mjs').GtBox[][] }}
 */
export function sampleBatch(data, batchSize, rng, mosaicFraction) {
  const images = [];
  const boxes = [];
  const pick = () => rng.int(0, data.images.length - 1);
  for (let b = 0; b < batchSize; b++) {
    if (rng.next() < mosaicFraction) {
      const four = [pick(), pick(), pick(), pick()].map((i) => ({ image: data.images[i], gt: data.boxes[i] }));
      const m = mosaic(four, data.size, rng);
      images.push(m.image);
      boxes.push(m.gt);
    } else {
      const i = pick();
      images.push(data.images[i]);
      boxes.push(data.boxes[i]);
    }
  }
  return { images, boxes };
}

/**
 * Trains `model` with one version's loss.
 * @param {{
 *   model: ReturnType<typeof import('./model.mjs').createModel>,
 *   loss: import('./versions.mjs').VersionImpl['loss'],
 *   data: import('./dataset.mjs').Dataset, steps: number, batchSize: number, lr: number,
 *   cosine: boolean, mosaicFraction: number, seed: number,
 *   onStep?: (step: number, terms: Record<string, number>, history: History) => void | Promise<void>,
 *   signal?: AbortSignal,
 * }} options - `onStep` may be async (the browser playground redraws in it); `signal` stops
 *   training after the current step
 * @returns {Promise<{ history: History, seconds: number, finalLoss: number }>}
 */
export async function train({ model, loss, data, steps, batchSize, lr, cosine, mosaicFraction, seed, onStep, signal }) {
  const rng = createRng(seed);
  // the same Adam as tf.train.adam, as plain loops on the CPU backend (adam.mjs)
  const optimizer = tf.getBackend() === 'cpu' ? cpuAdam(lr) : tfjsAdam(lr);
  const schedule = cosine ? cosineLr : stepsLr;
  /** @type {History} */
  const history = { step: [], lr: [], total: [], box: [], obj: [], noobj: [], cls: [] };
  const start = performance.now();
  for (let step = 0; step < steps && !signal?.aborted; step++) {
    const batch = sampleBatch(data, batchSize, rng, mosaicFraction);
    optimizer.learningRate = schedule(step, steps, lr);
    const values = tf.tidy(() => {
      const x = packBatch(batch.images, data.size);
      /** @type {tf.Tensor | undefined} */
      let terms;
      optimizer.minimize(() => {
        const r = loss(model.apply(x), batch.boxes);
        terms = tf.keep(tf.stack([r.total, ...TERMS.map((t) => r[t])]));
        return r.total;
      });
      if (!terms) throw new Error('the optimizer did not evaluate the loss');
      return terms;
    });
    const v = await values.data();
    values.dispose();
    if (!Number.isFinite(v[0])) throw new Error(`training diverged at step ${step + 1}: loss ${v[0]}`);
    history.step.push(step + 1);
    history.lr.push(optimizer.learningRate);
    history.total.push(v[0]);
    TERMS.forEach((t, i) => history[t].push(v[i + 1]));
    await onStep?.(step + 1, { loss: v[0], ...Object.fromEntries(TERMS.map((t, i) => [t, v[i + 1]])) }, history);
  }
  optimizer.dispose();
  const tail = history.total.slice(-Math.max(1, Math.round(history.total.length / 20)));
  return {
    history,
    seconds: (performance.now() - start) / 1000,
    finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
  };
}
