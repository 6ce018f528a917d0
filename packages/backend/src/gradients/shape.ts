/** Gradients of shape, layout, indexing and selection ops. */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BroadCastToAttrs,
  ClipByValueAttrs,
  ConcatAttrs,
  GatherV2Attrs,
  GradConfig,
  PackAttrs,
  PadV2Attrs,
  ReverseAttrs,
  SliceAttrs,
  SplitVAttrs,
  Tensor,
  TileAttrs,
  TransposeAttrs,
  UnpackAttrs,
} from '@tensorflow/tfjs-core';
import {
  attrsOf,
  axesOf,
  byIndex,
  f32,
  invertPerm,
  many,
  savedAt,
  single,
  unbroadcast,
  zerosFor,
} from './util.js';

/** Config for a kernel whose input gets `dy` unchanged (as float32). */
function passThrough(kernelName: string): GradConfig {
  return { kernelName, gradFunc: (dy) => ({ x: () => f32(tf.clone(single(dy))) }) };
}

/** Config for a kernel that only rearranges input `name`: undo it with a reshape. */
function reshapeBack(kernelName: string, name: string): GradConfig {
  return {
    kernelName,
    inputsToSave: [name],
    gradFunc: (dy, saved) => ({ [name]: () => tf.reshape(single(dy), savedAt(saved, 0).shape) }),
  };
}

/**
 * Tile: output index `r * n + j` along an axis reads input `j`, so viewing dy
 * as [reps0, n0, reps1, n1, ...] and summing the reps axes gives dx.
 */
function untile(dy: Tensor, shape: readonly number[], reps: readonly number[]): Tensor {
  const split = shape.flatMap((n, i) => [reps[i] ?? 1, n]);
  const repAxes = shape.map((_, i) => 2 * i);
  return tf.reshape(tf.sum(tf.reshape(dy, split), repAxes), [...shape]);
}

/**
 * GatherV2 with `batchDims` leading batch axes: a scatter-add of dy into x.
 * Batches are folded into the segment ids (batch * n + index) so one
 * unsortedSegmentSum (scatterND where the backend lacks it) handles every batchDims value.
 */
function ungather(dy: Tensor, x: Tensor, indices: Tensor, axis: number, batchDims: number): Tensor {
  const size = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);
  const batch = size(x.shape.slice(0, batchDims));
  const mid = size(x.shape.slice(batchDims, axis));
  const n = x.shape[axis] ?? 1;
  const inner = size(x.shape.slice(axis + 1));
  const k = size(indices.shape.slice(batchDims));
  // dy is [batch.., mid.., indices[batchDims:].., inner..]; bring the indices axis ahead of mid.
  const values = tf.reshape(tf.transpose(tf.reshape(dy, [batch, mid, k, inner]), [0, 2, 1, 3]), [
    batch * k,
    mid,
    inner,
  ]);
  const offsets = tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(n, 'int32'));
  const ids = tf.add(
    tf.reshape(offsets, [batch, 1]),
    tf.reshape(tf.cast(indices, 'int32'), [batch, k]),
  );
  // tfjs-backend-wasm 4.22 has no UnsortedSegmentSum kernel; ScatterNd sums repeated ids too.
  const summed =
    tf.getKernel('UnsortedSegmentSum', tf.getBackend()) === undefined
      ? tf.scatterND(tf.reshape(ids, [batch * k, 1]), values, [batch * n, mid, inner])
      : tf.unsortedSegmentSum(values, tf.reshape(ids, [batch * k]), batch * n);
  const back = tf.transpose(tf.reshape(summed, [batch, n, mid, inner]), [0, 2, 1, 3]);
  return tf.reshape(back, x.shape);
}

/** Shape/indexing gradient configs. */
export const shapeGradConfigs: GradConfig[] = [
  passThrough('Identity'),
  // Cast is linear; the gradient returns to float32 whatever the source dtype.
  passThrough('Cast'),
  reshapeBack('Reshape', 'x'),
  reshapeBack('ExpandDims', 'input'),
  {
    kernelName: 'BroadcastTo',
    gradFunc: (dy, _saved, attrs) => {
      const { inputShape } = attrsOf<BroadCastToAttrs>(attrs);
      return { x: () => unbroadcast(single(dy), inputShape) };
    },
  },
  {
    kernelName: 'Transpose',
    gradFunc: (dy, _saved, attrs) => {
      const { perm } = attrsOf<TransposeAttrs>(attrs);
      return { x: () => tf.transpose(single(dy), invertPerm(perm)) };
    },
  },
  {
    kernelName: 'Reverse',
    gradFunc: (dy, _saved, attrs) => {
      const g = single(dy);
      return { x: () => tf.reverse(g, axesOf(attrsOf<ReverseAttrs>(attrs).dims, g.shape)) };
    },
  },
  {
    // Slice embeds dy back into zeros at `begin`.
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const { begin, size } = attrsOf<SliceAttrs>(attrs);
      const [start = [], extent = []] = tf.slice_util.parseSliceParams(x, begin, size);
      const paddings = x.shape.map((n, i): [number, number] => {
        const b = start[i] ?? 0;
        return [b, n - b - (extent[i] ?? n)];
      });
      return { x: () => tf.pad(single(dy), paddings) };
    },
  },
  {
    // Padding only adds constants; the gradient is the un-padded window of dy.
    kernelName: 'PadV2',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const begin = attrsOf<PadV2Attrs>(attrs).paddings.map((p) => p[0]);
      return { x: () => tf.slice(single(dy), begin, x.shape) };
    },
  },
  {
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      return { x: () => untile(single(dy), x.shape, attrsOf<TileAttrs>(attrs).reps) };
    },
  },
  {
    kernelName: 'Concat',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const first = savedAt(saved, 0);
      const [axis = 0] = axesOf(attrsOf<ConcatAttrs>(attrs).axis, first.shape);
      const sizes = saved.map((t) => t.shape[axis] ?? 0);
      return byIndex(tf.split(single(dy), sizes, axis));
    },
  },
  {
    kernelName: 'Pack',
    saveAllInputs: true,
    gradFunc: (dy, _saved, attrs) =>
      byIndex(tf.unstack(single(dy), attrsOf<PackAttrs>(attrs).axis)),
  },
  {
    kernelName: 'Unpack',
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrsOf<UnpackAttrs>(attrs);
      return { value: () => tf.stack(many(dy), axis) };
    },
  },
  {
    kernelName: 'SplitV',
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrsOf<SplitVAttrs>(attrs);
      return { x: () => tf.concat(many(dy), axis) };
    },
  },
  {
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const indices = savedAt(saved, 1);
      const { axis: rawAxis, batchDims: rawBatchDims } = attrsOf<GatherV2Attrs>(attrs);
      const [axis = 0] = axesOf(rawAxis, x.shape);
      const batchDims = rawBatchDims < 0 ? rawBatchDims + indices.rank : rawBatchDims;
      return {
        x: () => ungather(single(dy), f32(x), indices, axis, batchDims),
        // Integer indices: no gradient, but the tape wants a float32 tensor.
        indices: () => zerosFor(indices),
      };
    },
  },
  {
    kernelName: 'Select',
    inputsToSave: ['condition'],
    gradFunc: (dy, saved) => {
      const g = single(dy);
      const raw = savedAt(saved, 0);
      // A rank-1 condition selects whole rows of t/e; align it to dy's leading axis.
      const cond =
        raw.rank < g.rank
          ? tf.reshape(raw, [...raw.shape, ...new Array<number>(g.rank - raw.rank).fill(1)])
          : raw;
      const mask = (): Tensor => tf.cast(tf.broadcastTo(cond, g.shape), 'float32');
      return {
        condition: () => zerosFor(raw),
        t: () => tf.mul(g, mask()),
        e: () => tf.mul(g, tf.sub(1, mask())),
      };
    },
  },
  {
    kernelName: 'ClipByValue',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const { clipValueMin, clipValueMax } = attrsOf<ClipByValueAttrs>(attrs);
      const x = savedAt(saved, 0);
      const g = single(dy);
      // Inclusive bounds, as in tfjs: dy flows where min <= x <= max.
      return {
        x: () => {
          const inside = tf.logicalAnd(
            tf.greaterEqual(x, clipValueMin),
            tf.lessEqual(x, clipValueMax),
          );
          return tf.where(inside, g, tf.zerosLike(g));
        },
      };
    },
  },
];
