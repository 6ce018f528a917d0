// A 2-D convolution with fast gradients.
//
// tfjs-backend-cpu's Conv2DBackpropFilter kernel walks tensor buffers element by element
// and is 20–100× slower than the forward convolution, which made a training step take
// seconds. On the CPU backend the forward pass and both gradients here are matrix products
// on the backend's arrays (im2col, then `gemm.mjs`'s register-blocked product: ≈ 3× faster
// than tfjs' own forward Conv2D). On other backends the filter gradient is written as a
// convolution of the input with the output gradient as a dilated filter, which runs at the
// speed of a forward convolution.
import * as tf from '@tensorflow/tfjs-core';
import { gemm, transpose } from './gemm.mjs';

/**
 * @typedef {import('./gemm.mjs').NumericArray} NumericArray
 * @typedef {[number, number, number, number]} Shape4D
 */

/**
 * `[before, after]` padding of one axis for tfjs' 'same' convolution.
 * @param {number} size - input length
 * @param {number} k - kernel length
 * @param {number} s - stride
 */
function samePadding(size, k, s) {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * dL/dW of `conv2d(x, w, stride, 'same')`:
 * `dW[i, j, ci, co] = Σ_{b, r, c} xpad[b, r·s + i, c·s + j, ci] · dy[b, r, c, co]`, i.e. a
 * 'valid' convolution of xpad (batch and channels swapped) with dy as a filter dilated by s.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} dy - [B, Ho, Wo, Co]
 * @param {Shape4D} filterShape - [k, k, Ci, Co]
 * @param {number} stride
 * @returns {tf.Tensor4D} [k, k, Ci, Co]
 */
export function conv2dFilterGrad(x, dy, filterShape, stride) {
  return tf.tidy(() => {
    const [, H, W] = x.shape;
    const [, Ho, Wo] = dy.shape;
    const [kh, kw] = filterShape;
    const [pt, pb] = samePadding(H, kh, stride);
    const [pl, pr] = samePadding(W, kw, stride);
    // exactly (Ho - 1)·s + k rows and columns, so the 'valid' output is k × k
    const needH = (Ho - 1) * stride + kh;
    const needW = (Wo - 1) * stride + kw;
    let xp = tf.pad(x, [[0, 0], [pt, pb], [pl, pr], [0, 0]]);
    if (xp.shape[1] !== needH || xp.shape[2] !== needW) xp = tf.slice(xp, [0, 0, 0, 0], [-1, needH, needW, -1]);
    const xt = tf.transpose(xp, [3, 1, 2, 0]); // [Ci, Hp, Wp, B]
    const f = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, B, Co]
    const out = tf.conv2d(xt, f, 1, 'valid', 'NHWC', stride); // [Ci, kh, kw, Co]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

/**
 * im2col: the `[B·Ho·Wo, kh·kw·Ci]` matrix whose row p holds the input window of output
 * pixel p (zeros where the window leaves the image), so that the convolution is `cols · W`
 * with W `[kh·kw·Ci, Co]`, the filter's own layout. A 1×1 convolution at stride 1 needs no
 * copy: the input is already that matrix.
 * @param {NumericArray} xv - the input's values
 * @param {Shape4D} xShape - [B, H, W, Ci]
 * @param {number} kh @param {number} kw @param {number} stride
 * @param {number} Ho @param {number} Wo - output rows and columns
 * @returns {NumericArray}
 */
function im2col(xv, [B, H, W, Ci], kh, kw, stride, Ho, Wo) {
  if (kh === 1 && kw === 1 && stride === 1) return xv;
  const [pt] = samePadding(H, kh, stride);
  const [pl] = samePadding(W, kw, stride);
  const K = kh * kw * Ci;
  const cols = new Float32Array(B * Ho * Wo * K);
  let p = 0;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++, p++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride + ky - pt;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride + kx - pl;
            if (ix < 0 || ix >= W) continue;
            const src = ((b * H + iy) * W + ix) * Ci;
            const dst = p * K + (ky * kw + kx) * Ci;
            for (let ci = 0; ci < Ci; ci++) cols[dst + ci] = xv[src + ci];
          }
        }
      }
    }
  }
  return cols;
}

/**
 * The adjoint of {@link im2col}: adds each row of `dcols` back onto the input pixels of its window.
 * @param {Float32Array} dcols - [B·Ho·Wo, kh·kw·Ci]
 * @param {Shape4D} xShape - [B, H, W, Ci]
 * @param {number} kh @param {number} kw @param {number} stride
 * @param {number} Ho @param {number} Wo - output rows and columns
 */
function col2im(dcols, [B, H, W, Ci], kh, kw, stride, Ho, Wo) {
  if (kh === 1 && kw === 1 && stride === 1) return dcols;
  const [pt] = samePadding(H, kh, stride);
  const [pl] = samePadding(W, kw, stride);
  const K = kh * kw * Ci;
  const dx = new Float32Array(B * H * W * Ci);
  let p = 0;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++, p++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride + ky - pt;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride + kx - pl;
            if (ix < 0 || ix >= W) continue;
            const dst = ((b * H + iy) * W + ix) * Ci;
            const src = p * K + (ky * kw + kx) * Ci;
            for (let ci = 0; ci < Ci; ci++) dx[dst + ci] += dcols[src + ci];
          }
        }
      }
    }
  }
  return dx;
}

/**
 * The same filter gradient as {@link conv2dFilterGrad} on the CPU backend's arrays:
 * `dW = colsᵀ · dy` (`gemm.mjs`). For the CPU backend only.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} dy - [B, Ho, Wo, Co]
 * @param {Shape4D} filterShape - [k, k, Ci, Co]
 * @param {number} stride
 */
export function conv2dFilterGradCpu(x, dy, filterShape, stride) {
  const [B, , , Ci] = x.shape;
  const [, Ho, Wo, Co] = dy.shape;
  const [kh, kw] = filterShape;
  const cols = im2col(x.dataSync(), x.shape, kh, kw, stride, Ho, Wo);
  const K = kh * kw * Ci;
  const dw = new Float32Array(K * Co);
  gemm(cols, dy.dataSync(), dw, K, B * Ho * Wo, Co, true);
  return tf.tensor4d(dw, filterShape);
}

/**
 * `tf.conv2d(x, w, stride, 'same')` on the CPU backend's arrays: `im2col(x) · W`.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} w - [k, k, Ci, Co]
 * @param {number} stride
 */
export function conv2dCpu(x, w, stride) {
  const [B, H, W, Ci] = x.shape;
  const [kh, kw, , Co] = w.shape;
  const Ho = Math.ceil(H / stride);
  const Wo = Math.ceil(W / stride);
  const cols = im2col(x.dataSync(), x.shape, kh, kw, stride, Ho, Wo);
  const y = new Float32Array(B * Ho * Wo * Co);
  gemm(cols, w.dataSync(), y, B * Ho * Wo, kh * kw * Ci, Co);
  return tf.tensor4d(y, [B, Ho, Wo, Co]);
}

/**
 * dL/dx of `conv2d(x, w, stride, 'same')` on the CPU backend's arrays: `col2im(dy · Wᵀ)`.
 * @param {tf.Tensor4D} dy - [B, Ho, Wo, Co]
 * @param {tf.Tensor4D} w - [k, k, Ci, Co]
 * @param {Shape4D} xShape - [B, H, W, Ci]
 * @param {number} stride
 */
export function conv2dInputGradCpu(dy, w, xShape, stride) {
  const [B, Ho, Wo, Co] = dy.shape;
  const [kh, kw, Ci] = w.shape;
  const K = kh * kw * Ci;
  const dcols = new Float32Array(B * Ho * Wo * K);
  gemm(dy.dataSync(), transpose(w.dataSync(), K, Co), dcols, B * Ho * Wo, Co, K);
  return tf.tensor4d(col2im(dcols, xShape, kh, kw, stride, Ho, Wo), xShape);
}

/**
 * `tf.conv2d(x, w, stride, 'same')` with a fast gradient.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} w - [k, k, Ci, Co]
 * @param {number} stride
 * @param {boolean} [inputGrad] - false for the first layer: the image needs no gradient
 */
export function conv2d(x, w, stride, inputGrad = true) {
  const cpu = tf.getBackend() === 'cpu';
  // customGrad types its arguments `Tensor | GradSaveFunc` and the saved tensors `Tensor[]`:
  // here they are (x, w, save) and [x, w]
  const op = tf.customGrad((xArg, wArg, saveArg) => {
    const xIn = /** @type {tf.Tensor4D} */ (xArg);
    const wIn = /** @type {tf.Tensor4D} */ (wArg);
    const save = /** @type {tf.GradSaveFunc} */ (saveArg);
    save([xIn, wIn]);
    return {
      value: cpu ? conv2dCpu(xIn, wIn, stride) : tf.conv2d(xIn, wIn, stride, 'same'),
      /** @param {tf.Tensor4D} dy @param {tf.Tensor[]} saved */
      gradFunc: (dy, saved) => {
        const [xs, ws] = /** @type {[tf.Tensor4D, tf.Tensor4D]} */ (saved);
        return [
          !inputGrad ? tf.zerosLike(xs) : cpu ? conv2dInputGradCpu(dy, ws, xs.shape, stride) : tf.conv2dTranspose(dy, ws, xs.shape, stride, 'same'),
          cpu ? conv2dFilterGradCpu(xs, dy, ws.shape, stride) : conv2dFilterGrad(xs, dy, ws.shape, stride),
        ];
      },
    };
  });
  return op(x, w);
}

/**
 * One layer of the model: `conv2d(x, w, stride, 'same') + b`, then leaky ReLU (`alpha`; null:
 * none). A 1×1 convolution at stride 1 is a matrix product. On the CPU backend the layer is one
 * custom op on the backend's arrays: the bias, the activation and their gradients are loops in
 * the same pass as the product, instead of tfjs' Add, LeakyRelu and, backwards, Greater, Select,
 * Multiply and the bias gradient's Sum over batch, rows and columns (a transpose first on
 * tfjs-backend-cpu) — ≈ 10 kernels per layer and step. Elsewhere it is the same tfjs ops as before.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} w - [k, k, Ci, Co]
 * @param {tf.Tensor1D} b - [Co]
 * @param {{ stride?: number, alpha?: number | null, inputGrad?: boolean }} [options] - `inputGrad`
 *   false for the first layer (the image needs no gradient)
 * @returns {tf.Tensor4D} [B, H/stride, W/stride, Co]
 */
export function convLayer(x, w, b, { stride = 1, alpha = 0.1, inputGrad = true } = {}) {
  const [kh, kw, Ci, Co] = w.shape;
  if (tf.getBackend() !== 'cpu') {
    /** @type {tf.Tensor4D} */
    let z;
    if (kh === 1 && kw === 1 && stride === 1) {
      const [n, h, wd] = x.shape;
      z = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [n * h * wd, Ci]), tf.reshape(w, [Ci, Co])), b), [n, h, wd, Co]);
    } else z = tf.add(conv2d(x, w, stride, inputGrad), b);
    return alpha === null ? z : tf.leakyRelu(z, alpha);
  }
  // customGrad's argument and saved-tensor types, as in conv2d: (x, w, b, save) and [w, out]
  const op = tf.customGrad((xArg, wArg, bArg, saveArg) => {
    const xIn = /** @type {tf.Tensor4D} */ (xArg);
    const wIn = /** @type {tf.Tensor4D} */ (wArg);
    const bIn = /** @type {tf.Tensor1D} */ (bArg);
    const save = /** @type {tf.GradSaveFunc} */ (saveArg);
    const [B, H, W] = xIn.shape;
    const Ho = Math.ceil(H / stride);
    const Wo = Math.ceil(W / stride);
    const P = B * Ho * Wo;
    const K = kh * kw * Ci;
    const cols = im2col(xIn.dataSync(), xIn.shape, kh, kw, stride, Ho, Wo);
    const y = new Float32Array(P * Co);
    gemm(cols, wIn.dataSync(), y, P, K, Co);
    const bv = bIn.dataSync();
    for (let p = 0, o = 0; p < P; p++) {
      for (let c = 0; c < Co; c++, o++) {
        const z = y[o] + bv[c];
        y[o] = alpha !== null && z < 0 ? alpha * z : z;
      }
    }
    const out = tf.tensor4d(y, [B, Ho, Wo, Co]);
    save([wIn, out]);
    return {
      value: out,
      /** @param {tf.Tensor4D} dy @param {tf.Tensor[]} saved */
      gradFunc: (dy, saved) => {
        const [ws, ys] = /** @type {[tf.Tensor4D, tf.Tensor4D]} */ (saved);
        const g = dy.dataSync();
        let dz = g;
        if (alpha !== null) {
          const yv = ys.dataSync();
          const a = Math.fround(alpha); // as tfjs' gradient, dy · alpha in float32
          dz = new Float32Array(g.length);
          for (let i = 0; i < g.length; i++) dz[i] = yv[i] > 0 ? g[i] : g[i] * a;
        }
        const db = new Float64Array(Co);
        for (let p = 0, o = 0; p < P; p++) for (let c = 0; c < Co; c++, o++) db[c] += dz[o];
        const dw = new Float32Array(K * Co);
        gemm(cols, dz, dw, K, P, Co, true);
        let dx;
        if (inputGrad) {
          const dcols = new Float32Array(P * K);
          gemm(dz, transpose(ws.dataSync(), K, Co), dcols, P, Co, K);
          dx = tf.tensor4d(col2im(dcols, xIn.shape, kh, kw, stride, Ho, Wo), xIn.shape);
        } else dx = tf.zeros(xIn.shape);
        return [dx, tf.tensor4d(dw, ws.shape), tf.tensor1d(Float32Array.from(db))];
      },
    };
  });
  return op(x, w, b);
}
