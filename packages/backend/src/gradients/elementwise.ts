/** Gradients of smooth unary element-wise math ops. */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { f32, savedAt, single } from './util.js';

/** Config for a unary kernel whose derivative needs its input `x`. */
function fromInput(kernelName: string, dx: (dy: Tensor, x: Tensor) => Tensor): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => dx(single(dy), f32(savedAt(saved, 0))) }),
  };
}

/** Config for a unary kernel whose derivative is cheaper from its output `y`. */
function fromOutput(kernelName: string, dx: (dy: Tensor, y: Tensor) => Tensor): GradConfig {
  return {
    kernelName,
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => dx(single(dy), savedAt(saved, 0)) }),
  };
}

/** d/dx of 1 / sqrt(1 - x^2), shared by asin and acos. */
function invSqrtOneMinusSq(x: Tensor): Tensor {
  return tf.rsqrt(tf.sub(1, tf.square(x)));
}

/** Unary element-wise gradient configs. */
export const elementwiseGradConfigs: GradConfig[] = [
  // tfjs uses step(x, -1), so |x|' is -1 (not 0) at x == 0; kept for parity.
  fromInput('Abs', (dy, x) => tf.mul(dy, tf.step(x, -1))),
  fromInput('Acos', (dy, x) => tf.neg(tf.mul(dy, invSqrtOneMinusSq(x)))),
  fromInput('Acosh', (dy, x) => tf.div(dy, tf.sqrt(tf.sub(tf.square(x), 1)))),
  fromInput('Asin', (dy, x) => tf.mul(dy, invSqrtOneMinusSq(x))),
  fromInput('Asinh', (dy, x) => tf.div(dy, tf.sqrt(tf.add(tf.square(x), 1)))),
  fromInput('Atan', (dy, x) => tf.div(dy, tf.add(tf.square(x), 1))),
  fromInput('Atanh', (dy, x) => tf.div(dy, tf.sub(1, tf.square(x)))),
  fromInput('Cos', (dy, x) => tf.neg(tf.mul(dy, tf.sin(x)))),
  fromInput('Cosh', (dy, x) => tf.mul(dy, tf.sinh(x))),
  fromInput('Erf', (dy, x) =>
    tf.mul(dy, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI))),
  ),
  fromOutput('Exp', (dy, y) => tf.mul(dy, y)),
  fromInput('Expm1', (dy, x) => tf.mul(dy, tf.exp(x))),
  fromInput('Log', (dy, x) => tf.div(dy, x)),
  fromInput('Log1p', (dy, x) => tf.div(dy, tf.add(x, 1))),
  { kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(single(dy)) }) },
  fromInput('Reciprocal', (dy, x) => tf.neg(tf.div(dy, tf.square(x)))),
  // d/dx x^-1/2 = -1/2 x^-3/2, written with pow(x, 1.5) as tfjs does.
  fromInput('Rsqrt', (dy, x) => tf.neg(tf.div(dy, tf.mul(tf.pow(x, 1.5), 2)))),
  fromInput('Sin', (dy, x) => tf.mul(dy, tf.cos(x))),
  fromInput('Sinh', (dy, x) => tf.mul(dy, tf.cosh(x))),
  fromInput('Sqrt', (dy, x) => tf.div(dy, tf.mul(tf.sqrt(x), 2))),
  fromInput('Square', (dy, x) => tf.mul(dy, tf.mul(x, 2))),
  fromInput('Tan', (dy, x) => tf.div(dy, tf.square(tf.cos(x)))),
];
