/**
 * Small helpers shared by the gradient configs. Everything here goes through the
 * public tfjs-core API so that only the single installed tfjs-core copy is used.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';

/** Map from input name to a lazy gradient, as returned by a `GradFunc`. */
export type GradMap = Record<string, () => Tensor>;

/**
 * Reads kernel attributes with a known shape. Kernel attrs arrive as the loose
 * `NamedAttrMap`, so this is the one place where they are narrowed.
 */
export function attrsOf<T>(attrs: NamedAttrMap): T {
  return attrs as unknown as T;
}

/** Returns `saved[i]`, failing loudly if the engine did not save it. */
export function savedAt(saved: readonly Tensor[], i: number): Tensor {
  const t = saved[i];
  if (t === undefined) throw new Error(`gradient: saved tensor #${i} is missing`);
  return t;
}

/** The single upstream gradient of a one-output kernel. */
export function single(dy: Tensor | Tensor[]): Tensor {
  if (!Array.isArray(dy)) return dy;
  const first = dy[0];
  if (first === undefined) throw new Error('gradient: empty dy list');
  return first;
}

/**
 * Upstream gradients of a multi-output kernel. The engine passes a bare tensor
 * when the kernel produced exactly one output (e.g. `unstack` of a size-1 axis).
 */
export function many(dy: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** Casts to float32; the tape rejects gradients of any other dtype. */
export function f32(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}

/** A float32 zero gradient for an input of the given shape. */
export function zerosFor(t: Tensor): Tensor {
  return tf.zeros(t.shape, 'float32');
}

/**
 * Sums a broadcast gradient back down to `shape`: first over the leading axes
 * that `shape` lacks, then over the axes where `shape` has size 1.
 */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    const target = i < lead ? 1 : (shape[i - lead] ?? 1);
    if (target === 1 && grad.shape[i] !== 1) axes.push(i);
  }
  const reduced = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(reduced, [...shape]);
}

/** `shape` with every axis in `axes` set to 1, i.e. the keepDims output shape. */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Normalises a (possibly negative, or null for "all") axis attr to non-negative axes. */
export function axesOf(
  axis: number | number[] | null | undefined,
  shape: readonly number[],
): number[] {
  if (axis == null) return shape.map((_, i) => i);
  return tf.util.parseAxisParam(axis, [...shape]);
}

/** The inverse of a permutation. */
export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Runs a kernel that has no public op wrapper (e.g. `Conv2DBackpropFilter`). */
export function runKernel(name: string, inputs: NamedTensorMap, attrs: object = {}): Tensor {
  return tf.engine().runKernel<Tensor>(name, inputs, attrs as NamedAttrMap);
}

/** Turns a list of per-input gradients into the index-keyed map array inputs use. */
export function byIndex(grads: readonly Tensor[]): GradMap {
  const map: GradMap = {};
  grads.forEach((g, i) => {
    map[String(i)] = () => g;
  });
  return map;
}
