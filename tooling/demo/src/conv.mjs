// A 2-D convolution whose filter gradient is itself a (dilated) convolution.
//
// tfjs-backend-cpu's Conv2DBackpropFilter kernel walks tensor buffers element by element
// and is 20–100× slower than the forward convolution, which made a training step take
// seconds. The same gradient written as a convolution of the input with the output
// gradient as a dilated filter runs at the speed of a forward convolution on every backend.
import * as tf from '@tensorflow/tfjs-core';

/** `[before, after]` padding of one axis for tfjs' 'same' convolution. */
function samePadding(size, k, s) {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * dL/dW of `conv2d(x, w, stride, 'same')`:
 * `dW[i, j, ci, co] = Σ_{b, r, c} xpad[b, r·s + i, c·s + j, ci] · dy[b, r, c, co]`, i.e. a
 * 'valid' convolution of xpad (batch and channels swapped) with dy as a filter dilated by s.
 * @param x - [B, H, W, Ci]
 * @param dy - [B, Ho, Wo, Co]
 * @param filterShape - [k, k, Ci, Co]
 * @param stride
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
 * The same filter gradient as {@link conv2dFilterGrad}, computed by a plain loop over the CPU
 * backend's arrays: no padding, transposes or dilated convolution (which cost ~3× the
 * forward convolution on tfjs-backend-cpu). For the CPU backend only.
 * @param x - [B, H, W, Ci]
 * @param dy - [B, Ho, Wo, Co]
 * @param filterShape - [k, k, Ci, Co]
 * @param stride
 */
export function conv2dFilterGradCpu(x, dy, filterShape, stride) {
  const [B, H, W, Ci] = x.shape;
  const [, Ho, Wo, Co] = dy.shape;
  const [kh, kw] = filterShape;
  const [pt] = samePadding(H, kh, stride);
  const [pl] = samePadding(W, kw, stride);
  const xv = x.dataSync();
  const gv = dy.dataSync();
  const dw = new Float32Array(kh * kw * Ci * Co);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const g0 = ((b * Ho + oy) * Wo + ox) * Co;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride + ky - pt;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride + kx - pl;
            if (ix < 0 || ix >= W) continue;
            const x0 = ((b * H + iy) * W + ix) * Ci;
            const w0 = (ky * kw + kx) * Ci * Co;
            for (let ci = 0; ci < Ci; ci++) {
              const a = xv[x0 + ci];
              const o = w0 + ci * Co;
              for (let co = 0; co < Co; co++) dw[o + co] += a * gv[g0 + co];
            }
          }
        }
      }
    }
  }
  return tf.tensor4d(dw, filterShape);
}

/** `tf.conv2d(x, w, stride, 'same')` by a plain loop (CPU backend). */
export function conv2dCpu(x, w, stride) {
  const [B, H, W, Ci] = x.shape;
  const [kh, kw, , Co] = w.shape;
  const Ho = Math.ceil(H / stride);
  const Wo = Math.ceil(W / stride);
  const [pt] = samePadding(H, kh, stride);
  const [pl] = samePadding(W, kw, stride);
  const xv = x.dataSync();
  const wv = w.dataSync();
  const y = new Float32Array(B * Ho * Wo * Co);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const y0 = ((b * Ho + oy) * Wo + ox) * Co;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride + ky - pt;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride + kx - pl;
            if (ix < 0 || ix >= W) continue;
            const x0 = ((b * H + iy) * W + ix) * Ci;
            const w0 = (ky * kw + kx) * Ci * Co;
            for (let ci = 0; ci < Ci; ci++) {
              const a = xv[x0 + ci];
              const o = w0 + ci * Co;
              for (let co = 0; co < Co; co++) y[y0 + co] += a * wv[o + co];
            }
          }
        }
      }
    }
  }
  return tf.tensor4d(y, [B, Ho, Wo, Co]);
}

/** dL/dx of `conv2d(x, w, stride, 'same')` by a plain loop (CPU backend). */
export function conv2dInputGradCpu(dy, w, xShape, stride) {
  const [B, H, W, Ci] = xShape;
  const [, Ho, Wo, Co] = dy.shape;
  const [kh, kw] = w.shape;
  const [pt] = samePadding(H, kh, stride);
  const [pl] = samePadding(W, kw, stride);
  const gv = dy.dataSync();
  const wv = w.dataSync();
  // the filter as [kh, kw, Co, Ci], so the innermost loop runs along contiguous Ci
  const wt = new Float32Array(wv.length);
  for (let k = 0; k < kh * kw; k++) {
    for (let ci = 0; ci < Ci; ci++) for (let co = 0; co < Co; co++) wt[(k * Co + co) * Ci + ci] = wv[(k * Ci + ci) * Co + co];
  }
  const dx = new Float32Array(B * H * W * Ci);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const g0 = ((b * Ho + oy) * Wo + ox) * Co;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * stride + ky - pt;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * stride + kx - pl;
            if (ix < 0 || ix >= W) continue;
            const x0 = ((b * H + iy) * W + ix) * Ci;
            const w0 = (ky * kw + kx) * Co * Ci;
            for (let co = 0; co < Co; co++) {
              const g = gv[g0 + co];
              const o = w0 + co * Ci;
              for (let ci = 0; ci < Ci; ci++) dx[x0 + ci] += g * wt[o + ci];
            }
          }
        }
      }
    }
  }
  return tf.tensor4d(dx, xShape);
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
  const op = tf.customGrad((xIn, wIn, save) => {
    save([xIn, wIn]);
    return {
      value: cpu ? conv2dCpu(xIn, wIn, stride) : tf.conv2d(xIn, wIn, stride, 'same'),
      gradFunc: (dy, [xs, ws]) => [
        !inputGrad ? tf.zerosLike(xs) : cpu ? conv2dInputGradCpu(dy, ws, xs.shape, stride) : tf.conv2dTranspose(dy, ws, xs.shape, stride, 'same'),
        cpu ? conv2dFilterGradCpu(xs, dy, ws.shape, stride) : conv2dFilterGrad(xs, dy, ws.shape, stride),
      ],
    };
  });
  return op(x, w);
}
