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
 * `tf.conv2d(x, w, stride, 'same')` with a fast gradient.
 * @param {tf.Tensor4D} x - [B, H, W, Ci]
 * @param {tf.Tensor4D} w - [k, k, Ci, Co]
 * @param {number} stride
 * @param {boolean} [inputGrad] - false for the first layer: the image needs no gradient
 */
export function conv2d(x, w, stride, inputGrad = true) {
  const op = tf.customGrad((xIn, wIn, save) => {
    save([xIn, wIn]);
    return {
      value: tf.conv2d(xIn, wIn, stride, 'same'),
      gradFunc: (dy, [xs, ws]) => [
        inputGrad ? tf.conv2dTranspose(dy, ws, xs.shape, stride, 'same') : tf.zerosLike(xs),
        conv2dFilterGrad(xs, dy, ws.shape, stride),
      ],
    };
  });
  return op(x, w);
}
