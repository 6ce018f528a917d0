/** Gradients of reductions and scans. */
import * as tf from '@tensorflow/tfjs-core';
import type {
  CumsumAttrs,
  GradConfig,
  MaxAttrs,
  MeanAttrs,
  MinAttrs,
  NamedAttrMap,
  ProdAttrs,
  SumAttrs,
  Tensor,
} from '@tensorflow/tfjs-core';
import { attrsOf, axesOf, f32, invertPerm, keptShape, savedAt, single } from './util.js';

/** `dy` of a reduction reshaped to keepDims form and broadcast over `x`. */
function spreadBack(dy: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  // tfjs-core's broadcastTo([1] → [0]) returns [1]: an empty input gets an empty gradient.
  if (x.size === 0) return tf.zeros(x.shape);
  return tf.broadcastTo(tf.reshape(dy, keptShape(x.shape, axes)), x.shape);
}

/**
 * Max and Min: dy flows to every position equal to the extremum (ties all
 * receive the full dy, as in tfjs).
 */
function extremum(
  kernelName: string,
  axisOf: (attrs: NamedAttrMap) => number | number[],
): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const y = savedAt(saved, 1);
      const axes = axesOf(axisOf(attrs), x.shape);
      const kept = keptShape(x.shape, axes);
      return {
        x: () => {
          const hit = tf.cast(tf.equal(x, tf.reshape(y, kept)), 'float32');
          return tf.mul(tf.reshape(single(dy), kept), hit);
        },
      };
    },
  };
}

/**
 * A cumulative sum/product that never asks the backend for `reverse`:
 * tfjs-backend-webgpu 4.22 caches reverse-scan shaders without the axis
 * length baked into them, so a reverse scan can silently reuse a shader built
 * for another length. Flipping around a forward scan avoids that path.
 */
function scan(
  op: 'sum' | 'prod',
  x: Tensor,
  axis: number,
  exclusive: boolean,
  reverse: boolean,
): Tensor {
  const run = (t: Tensor): Tensor =>
    op === 'sum' ? tf.cumsum(t, axis, exclusive) : tf.cumprod(t, axis, exclusive);
  return reverse ? tf.reverse(run(tf.reverse(x, axis)), axis) : run(x);
}

/**
 * Prod over `axes`: d prod / d x_i = product of the other elements, computed
 * with exclusive cumulative products from both ends so zeros are handled.
 */
function prodGrad(dy: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  const rest = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...rest, ...axes];
  const moved = tf.transpose(x, perm);
  const outer = rest.map((i) => x.shape[i] ?? 1);
  const n = axes.reduce((p, i) => p * (x.shape[i] ?? 1), 1);
  const flat = tf.reshape(moved, [...outer, n]);
  const last = outer.length;
  const others = tf.mul(
    scan('prod', flat, last, true, false),
    scan('prod', flat, last, true, true),
  );
  const g = tf.mul(others, tf.reshape(dy, [...outer, 1]));
  return tf.transpose(tf.reshape(g, moved.shape), invertPerm(perm));
}

/** Reduction gradient configs. */
export const reductionGradConfigs: GradConfig[] = [
  {
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const axes = axesOf(attrsOf<SumAttrs>(attrs).axis, x.shape);
      return { x: () => spreadBack(single(dy), x, axes) };
    },
  },
  {
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const axes = axesOf(attrsOf<MeanAttrs>(attrs).axis, x.shape);
      const count = axes.reduce((p, i) => p * (x.shape[i] ?? 1), 1);
      return { x: () => tf.div(spreadBack(single(dy), x, axes), count) };
    },
  },
  extremum('Max', (attrs) => attrsOf<MaxAttrs>(attrs).reductionIndices),
  extremum('Min', (attrs) => attrsOf<MinAttrs>(attrs).axis),
  {
    kernelName: 'Prod',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const axes = axesOf(attrsOf<ProdAttrs>(attrs).axis, x.shape);
      return { x: () => prodGrad(single(dy), f32(x), axes) };
    },
  },
  {
    // The adjoint of a cumulative sum is the cumulative sum in the other direction.
    kernelName: 'Cumsum',
    gradFunc: (dy, _saved, attrs) => {
      const { axis, exclusive, reverse } = attrsOf<CumsumAttrs>(attrs);
      const g = single(dy);
      const [ax = 0] = axesOf(axis, g.shape);
      return { x: () => scan('sum', g, ax, exclusive, !reverse) };
    },
  },
];
