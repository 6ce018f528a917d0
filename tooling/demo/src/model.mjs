// A small convolutional detector built from tfjs-core ops and variables (no tfjs-layers).
//
//   image 96×96×3 ──space-to-depth 8×8 (done on the CPU while packing the batch)──▶ 12×12×192
//   ─1×1 conv 32─▶ F8 (stride 8, 12×12, an 8×8-pixel patch embedding)
//   ─3×3 conv stride 2, 64─▶ 3×3 conv 64 ─▶ 3×3 conv 64 = F16 (stride 16, 6×6)
//   head at stride 16: 1×1 conv on F16
//   head at stride 8:  1×1 conv on [F8, upsample(F16)] (a one-level feature pyramid)
// Every conv is followed by a bias and leaky ReLU (0.1), except the heads (raw outputs).
// Most of the work is done at 6×6: on tfjs' CPU backend every conv at 12×12 costs 4× more.
import * as tf from '@tensorflow/tfjs-core';
import { conv2d } from './conv.mjs';
import { createRng } from './rng.mjs';

/** Side of the space-to-depth blocks: the input to the network is 12×12×192 for a 96×96 image. */
export const BLOCK = 8;

/**
 * Packs images into the network input `[B, S/8, S/8, 8·8·3]` (space-to-depth, centred at 0).
 * @param {Float32Array[]} images - each `size × size × 3`
 * @param {number} size
 */
export function packBatch(images, size) {
  const g = size / BLOCK;
  const depth = BLOCK * BLOCK * 3;
  const out = new Float32Array(images.length * g * g * depth);
  images.forEach((img, b) => {
    for (let r = 0; r < size; r++) {
      const gr = Math.floor(r / BLOCK);
      const ir = r % BLOCK;
      for (let c = 0; c < size; c++) {
        const gc = Math.floor(c / BLOCK);
        const base = ((b * g + gr) * g + gc) * depth + (ir * BLOCK + (c % BLOCK)) * 3;
        const src = (r * size + c) * 3;
        out[base] = img[src] - 0.5;
        out[base + 1] = img[src + 1] - 0.5;
        out[base + 2] = img[src + 2] - 0.5;
      }
    }
  });
  return tf.tensor4d(out, [images.length, g, g, depth]);
}

/**
 * Creates the detector's variables.
 * @param {{ seed: number, heads: { stride: 8 | 16, channels: number, biases?: [number, number][] }[],
 *           width?: number }} options - `heads[i].channels` raw outputs per cell; `biases` lists
 *   `[channel, value]` pairs of initial biases (a low objectness prior keeps early training stable)
 */
export function createModel({ seed, heads, width = 1 }) {
  const rng = createRng(seed);
  const vars = [];
  const ch = (n) => Math.round(n * width);
  const convVar = (name, k, ci, co, gain = 2) => {
    const std = Math.sqrt(gain / (k * k * ci));
    const values = new Float32Array(k * k * ci * co).map(() => std * rng.normal());
    const w = tf.variable(tf.tensor4d(values, [k, k, ci, co]), true, `${name}/w`);
    const b = tf.variable(tf.zeros([co]), true, `${name}/b`);
    vars.push(w, b);
    return { w, b };
  };
  const depth = BLOCK * BLOCK * 3;
  const layers = {
    stem: convVar('stem', 1, depth, ch(32)),
    c1: convVar('c1', 3, ch(32), ch(64)),
    c2: convVar('c2', 3, ch(64), ch(64)),
    c3: convVar('c3', 3, ch(64), ch(64)),
  };
  const headVars = heads.map((h, i) => {
    const inCh = h.stride === 16 ? ch(64) : ch(32) + ch(64);
    const v = convVar(`head${i}`, 1, inCh, h.channels, 0.1);
    if (h.biases) {
      const init = new Float32Array(h.channels);
      for (const [channel, value] of h.biases) init[channel] = value;
      v.b.assign(tf.tensor1d(init));
    }
    return v;
  });
  const needs8 = heads.some((h) => h.stride === 8);

  const block = (x, { w, b }, stride) => tf.leakyRelu(tf.add(conv2d(x, w, stride), b), 0.1);
  // 1×1 convolutions as matrix products: their gradients are matrix products too
  const pointwise = (x, { w, b }) => {
    const [n, h, wd, c] = x.shape;
    const y = tf.matMul(tf.reshape(x, [n * h * wd, c]), tf.reshape(w, [c, w.shape[3]]));
    return tf.reshape(tf.add(y, b), [n, h, wd, w.shape[3]]);
  };

  return {
    variables: vars,
    /**
     * Forward pass.
     * @param {tf.Tensor4D} x - packed input `[B, 12, 12, 192]`
     * @returns {tf.Tensor4D[]} raw head outputs in the order of `heads`
     */
    apply(x) {
      const f8 = tf.leakyRelu(pointwise(x, layers.stem), 0.1);
      const f16 = block(block(block(f8, layers.c1, 2), layers.c2, 1), layers.c3, 1);
      const p8 = needs8 ? tf.concat([f8, tf.image.resizeNearestNeighbor(f16, [f8.shape[1], f8.shape[2]])], 3) : null;
      return heads.map((h, i) => pointwise(h.stride === 16 ? f16 : p8, headVars[i]));
    },
    /** Number of trainable parameters. */
    get parameterCount() {
      return vars.reduce((n, v) => n + v.size, 0);
    },
    dispose() {
      tf.dispose(vars);
    },
  };
}
