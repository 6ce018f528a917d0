/** Gradients of broadcasting binary ops; each input's gradient is summed back to its shape. */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { byIndex, f32, savedAt, single, unbroadcast } from './util.js';

type Partial2 = (dy: Tensor, a: Tensor, b: Tensor) => Tensor;

/**
 * Config for a binary kernel with inputs `a`, `b`. `da`/`db` return the
 * gradient at the broadcast output shape (the shape of `dy`); it is then
 * reduced to each input's own shape.
 */
function binary(kernelName: string, da: Partial2, db: Partial2): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const g = single(dy);
      const a = f32(savedAt(saved, 0));
      const b = f32(savedAt(saved, 1));
      return {
        a: () => unbroadcast(da(g, a, b), a.shape),
        b: () => unbroadcast(db(g, a, b), b.shape),
      };
    },
  };
}

/** `dy` where the boolean `mask` holds, 0 elsewhere. */
function masked(dy: Tensor, mask: Tensor): Tensor {
  return tf.mul(dy, tf.cast(mask, 'float32'));
}

/** Broadcasting binary gradient configs. */
export const binaryGradConfigs: GradConfig[] = [
  binary(
    'Add',
    (dy) => dy,
    (dy) => dy,
  ),
  {
    // The n-ary sum (no broadcasting): every input receives dy unchanged.
    kernelName: 'AddN',
    saveAllInputs: true,
    gradFunc: (dy, saved) => byIndex(saved.map(() => tf.clone(single(dy)))),
  },
  binary(
    'Sub',
    (dy) => dy,
    (dy) => tf.neg(dy),
  ),
  binary(
    'Multiply',
    (dy, _a, b) => tf.mul(dy, b),
    (dy, a) => tf.mul(dy, a),
  ),
  binary(
    'RealDiv',
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  // tfjs differentiates floorDiv as if it were realDiv (a straight-through
  // estimate); matched so results agree with the full @tensorflow/tfjs build.
  binary(
    'FloorDiv',
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  // a mod b = a - floor(a / b) * b.
  binary(
    'Mod',
    (dy) => dy,
    (dy, a, b) => tf.mul(dy, tf.neg(tf.floor(tf.div(a, b)))),
  ),
  // Ties go to `a` for both, as in tfjs.
  binary(
    'Maximum',
    (dy, a, b) => masked(dy, tf.greaterEqual(a, b)),
    (dy, a, b) => masked(dy, tf.less(a, b)),
  ),
  binary(
    'Minimum',
    (dy, a, b) => masked(dy, tf.lessEqual(a, b)),
    (dy, a, b) => masked(dy, tf.greater(a, b)),
  ),
  binary(
    'SquaredDifference',
    (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(a, b), 2)),
    (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(b, a), 2)),
  ),
  binary(
    'Atan2',
    (dy, a, b) => tf.div(tf.mul(dy, b), tf.add(tf.square(a), tf.square(b))),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.add(tf.square(a), tf.square(b)))),
  ),
  {
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const g = single(dy);
      const a = f32(savedAt(saved, 0));
      const b = f32(savedAt(saved, 1));
      const y = savedAt(saved, 2);
      return {
        a: () => unbroadcast(tf.mul(g, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape),
        // d/db a^b = a^b ln a; like tfjs, taken as 0 where a <= 0 (ln undefined).
        b: () => {
          const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
          return unbroadcast(tf.mul(g, tf.mul(y, logA)), b.shape);
        },
      };
    },
  },
];
