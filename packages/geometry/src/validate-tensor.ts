import * as tf from '@tensorflow/tfjs-core';
import type { BoxFormat } from './box-format.js';
import { YoloInputError } from '@yolo-loss/backend';

/**
 * Checks that `t` is a float32 `tf.Tensor` of shape `[..., 4]`; throws naming `name`.
 * @internal
 */
export function assertBoxTensor(t: unknown, name: string): asserts t is tf.Tensor {
  if (!(t instanceof tf.Tensor)) {
    throw new YoloInputError(`${name}: expected a tf.Tensor of shape [..., 4], got ${describe(t)}`);
  }
  if (t.isDisposed) throw new YoloInputError(`${name}: the tensor has been disposed`);
  const shape: readonly number[] = (t as tf.Tensor).shape;
  if (shape.length === 0 || shape[shape.length - 1] !== 4) {
    throw new YoloInputError(`${name}: expected a tensor of shape [..., 4], got [${shape.join(', ')}]`);
  }
  if (t.dtype !== 'float32') {
    throw new YoloInputError(`${name}: expected a float32 tensor, got dtype ${t.dtype} (cast it with tf.cast(${name}, 'float32'))`);
  }
}

/**
 * The numpy-broadcast shape of the batch dimensions (all but the last) of `a` and `b`;
 * throws naming both arguments when they do not broadcast.
 * @internal
 */
export function broadcastBatchShape(a: tf.Tensor, b: tf.Tensor, nameA: string, nameB: string): number[] {
  const sa = a.shape.slice(0, -1);
  const sb = b.shape.slice(0, -1);
  const rank = Math.max(sa.length, sb.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = sa[sa.length - rank + i] ?? 1;
    const db = sb[sb.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new YoloInputError(
        `${nameA} and ${nameB}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast ` +
          `(the dimensions before the last must be equal or 1)`,
      );
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Validates a `format` option. @internal */
export function checkFormat(format: unknown, name = 'options.format'): BoxFormat {
  if (format === undefined) return 'xyxy';
  if (format !== 'xyxy' && format !== 'xywh') {
    throw new YoloInputError(`${name}: expected 'xyxy' or 'xywh', got ${describe(format)}`);
  }
  return format;
}

/** Validates an `eps` option: a finite number >= 0. @internal */
export function checkEps(eps: unknown, fallback: number, name = 'options.eps'): number {
  if (eps === undefined) return fallback;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new YoloInputError(`${name}: expected a finite number >= 0, got ${describe(eps)}`);
  }
  return eps;
}

/** A short description of a value for error messages. @internal */
export function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tensor of shape [${(v as tf.Tensor).shape.join(', ')}]`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
