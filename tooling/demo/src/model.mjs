// A small convolutional detector built from tfjs-core ops and variables (no tfjs-layers).
//
//   image 96×96×3 ──(on the CPU while packing the batch) colour minus the image's median colour,
//   plus the length of that difference (a colour-independent silhouette), 4×4 space-to-depth──▶
//   24×24×64 ─1×1 conv 24─▶ 3×3 conv stride 2, 32 = F8 (stride 8, 12×12)
//   ─3×3 conv stride 2, 64─▶ 3×3 conv 64 ─▶ 3×3 conv 64 = F16 (stride 16, 6×6)
//   head at stride 16: 1×1 conv on F16
//   head at stride 8:  [F8, upsample(F16)] ─1×1 conv 32─▶ 3×3 conv 32 ─▶ 1×1 conv (a one-level
//                      feature pyramid with a small neck; the 1×1 conv on the concatenation is
//                      computed as 1×1(F8) + upsample(1×1(F16)): no concatenation, whose gradient
//                      is a slow last-axis split on the CPU backend, and the F16 half at 6×6)
// Every conv is followed by a bias and leaky ReLU (0.1), except the heads (raw outputs).
// Most of the work is done at 12×12 and 6×6: on the CPU every conv at 24×24 costs 4× more.
import * as tf from '@tensorflow/tfjs-core';
import { convLayer } from './conv.mjs';
import { createRng } from './rng.mjs';

/** Side of the space-to-depth blocks: the network input is 24×24×64 for a 96×96 image. */
export const BLOCK = 4;
/** Input channels per pixel: r, g, b relative to the background, and the length of that vector. */
export const PIXEL_CHANNELS = 4;
/** The magnitude channel is shifted by this, so a typical background sits near 0. */
const MAGNITUDE_OFFSET = 0.2;

/**
 * One detection head: its stride (8 or 16, checked by `createModel`), raw outputs per cell, and
 * initial biases as `[channel, value]` pairs (a low objectness prior keeps early training stable).
 * @typedef {{ stride: number, channels: number, biases?: [number, number][] }} HeadSpec
 */

/**
 * A conv layer's variables.
 * @typedef {{ w: tf.Variable<tf.Rank.R4>, b: tf.Variable<tf.Rank.R1> }} ConvVars
 */

/**
 * The per-channel median of an image (histogram with 64 bins): the background colour, since
 * the background covers most of every image.
 * @param {Float32Array} img - `size × size × 3`
 * @param {Uint32Array} hist - scratch, 64 bins
 */
function medianColour(img, hist) {
  const half = img.length / 3 / 2;
  const out = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    hist.fill(0);
    for (let i = k; i < img.length; i += 3) hist[Math.min(63, Math.max(0, Math.floor(img[i] * 64)))]++;
    let acc = 0;
    let bin = 0;
    while (bin < 63 && acc + hist[bin] < half) acc += hist[bin++];
    out[k] = (bin + 0.5) / 64;
  }
  return out;
}

/**
 * Packs images into the network input `[B, S/4, S/4, 4·4·4]`: per pixel the colour minus the
 * image's median colour and the length of that difference, then space-to-depth.
 * @param {Float32Array[]} images - each `size × size × 3`
 * @param {number} size
 */
export function packBatch(images, size) {
  const g = size / BLOCK;
  const depth = BLOCK * BLOCK * PIXEL_CHANNELS;
  const out = new Float32Array(images.length * g * g * depth);
  const hist = new Uint32Array(64);
  images.forEach((img, b) => {
    const bg = medianColour(img, hist);
    for (let r = 0; r < size; r++) {
      const gr = Math.floor(r / BLOCK);
      const ir = r % BLOCK;
      for (let c = 0; c < size; c++) {
        const gc = Math.floor(c / BLOCK);
        const base = ((b * g + gr) * g + gc) * depth + (ir * BLOCK + (c % BLOCK)) * PIXEL_CHANNELS;
        const src = (r * size + c) * 3;
        const d0 = img[src] - bg[0];
        const d1 = img[src + 1] - bg[1];
        const d2 = img[src + 2] - bg[2];
        out[base] = d0;
        out[base + 1] = d1;
        out[base + 2] = d2;
        out[base + 3] = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2) - MAGNITUDE_OFFSET;
      }
    }
  });
  return tf.tensor4d(out, [images.length, g, g, depth]);
}

/**
 * Creates the detector's variables.
 * @param {{ seed: number, heads: HeadSpec[], width?: number }} options - `width` scales every
 *   layer's channels
 */
export function createModel({ seed, heads, width = 1 }) {
  for (const [i, h] of heads.entries()) {
    if (h.stride !== 8 && h.stride !== 16 && h.stride !== 32) {
      throw new Error(`createModel: heads[${i}].stride must be 8, 16 or 32 (the backbone's features), got ${h.stride}`);
    }
  }
  const rng = createRng(seed);
  /** @type {tf.Variable[]} */
  const vars = [];
  /** @param {number} n - channels at width 1 */
  const ch = (n) => Math.round(n * width);
  /**
   * A conv layer's filter (He initialisation, `gain / fan-in` variance) and zero bias.
   * @param {string} name
   * @param {number} k - kernel side
   * @param {number} ci - input channels
   * @param {number} co - output channels
   * @param {number} [gain]
   * @returns {ConvVars}
   */
  const convVar = (name, k, ci, co, gain = 2) => {
    const std = Math.sqrt(gain / (k * k * ci));
    const values = new Float32Array(k * k * ci * co).map(() => std * rng.normal());
    const w = tf.variable(tf.tensor4d(values, [k, k, ci, co]), true, `${name}/w`);
    /** @type {tf.Tensor1D} */
    const zeros = tf.zeros([co]);
    const b = tf.variable(zeros, true, `${name}/b`);
    vars.push(w, b);
    return { w, b };
  };
  const layers = {
    stem: convVar('stem', 1, BLOCK * BLOCK * PIXEL_CHANNELS, ch(24)),
    down: convVar('down', 3, ch(24), ch(32)),
    c1: convVar('c1', 3, ch(32), ch(64)),
    c2: convVar('c2', 3, ch(64), ch(64)),
    c3: convVar('c3', 3, ch(64), ch(64)),
  };
  const needs8 = heads.some((h) => h.stride === 8);
  const headVars = heads.map((h, i) => {
    const inCh = h.stride === 8 ? ch(32) : ch(64);
    const v = convVar(`head${i}`, 1, inCh, h.channels, 0.1);
    if (h.biases) {
      const init = new Float32Array(h.channels);
      for (const [channel, value] of h.biases) init[channel] = value;
      v.b.assign(tf.tensor1d(init));
    }
    return v;
  });
  // the 1×1 conv on [F8, upsample(F16)] in two parts (He initialisation for the 96 inputs)
  const fanIn = ch(32) + ch(64);
  const neck = needs8
    ? {
        from8: convVar('neck/from8', 1, ch(32), ch(32), (2 * ch(32)) / fanIn),
        from16: convVar('neck/from16', 1, ch(64), ch(32), (2 * ch(64)) / fanIn),
        conv: convVar('neck/conv', 3, ch(32), ch(32)),
      }
    : null;
  // stride 32 (YOLOv8's third output): one more 3×3 stride-2 conv on F16, created last so the
  // other versions' weights draw the same random numbers as before
  const down32 = heads.some((h) => h.stride === 32) ? convVar('down32', 3, ch(64), ch(64)) : null;

  // conv + bias + leaky ReLU (0.1); 1×1 convolutions are matrix products (conv.mjs)
  /** @param {tf.Tensor4D} x @param {ConvVars} layer @param {number} stride */
  const block = (x, { w, b }, stride) => convLayer(x, w, b, { stride });
  /** @param {tf.Tensor4D} x @param {ConvVars} layer */
  const linear = (x, { w, b }) => convLayer(x, w, b, { alpha: null });

  return {
    variables: vars,
    /**
     * Forward pass.
     * @param {tf.Tensor4D} x - packed input `[B, 24, 24, 64]`
     * @returns {tf.Tensor4D[]} raw head outputs in the order of `heads`
     */
    apply(x) {
      const stem = convLayer(x, layers.stem.w, layers.stem.b, { inputGrad: false });
      const f8 = block(stem, layers.down, 2);
      const f16 = block(block(block(f8, layers.c1, 2), layers.c2, 1), layers.c3, 1);
      let p8 = null;
      if (neck) {
        const up = tf.image.resizeNearestNeighbor(linear(f16, neck.from16), [f8.shape[1], f8.shape[2]]);
        /** @type {tf.Tensor4D} */
        const merged = tf.add(linear(f8, neck.from8), up);
        p8 = block(tf.leakyRelu(merged, 0.1), neck.conv, 1);
      }
      const f32 = down32 ? block(f16, down32, 2) : null;
      return heads.map((h, i) => {
        const features = h.stride === 16 ? f16 : h.stride === 32 ? f32 : p8;
        // the neck exists whenever a head has stride 8 (needs8), down32 whenever one has stride 32
        if (!features) throw new Error(`head ${i}: no stride-${h.stride} features`);
        return linear(features, headVars[i]);
      });
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
