import * as tf from '@tensorflow/tfjs-core';

/** Grid geometry of one head, read from its prediction tensor. */
export interface HeadShape {
  /** Grid height (rows). */
  gridH: number;
  /** Grid width (columns). */
  gridW: number;
  /** Anchors of this head (`masks[h].length`). */
  numAnchors: number;
}

/**
 * Checks the head tensors against the config and returns the batch size and each head's grid.
 * Every head must be a float32 `[N, H, W, A·(5+C)]` tensor with `A = masks[h].length`, and all
 * heads must share `N`. The grid is taken from the tensor.
 *
 * @param predictions - one tensor per head, in the order of `masks`.
 * @param masks - anchor indices per head.
 * @param numClasses - `C`.
 * @param loss - the loss name for messages (`'yolov3'`).
 */
export function checkHeads(
  predictions: unknown,
  masks: readonly (readonly number[])[],
  numClasses: number,
  loss: string,
): { batchSize: number; heads: HeadShape[] } {
  const list = predictions instanceof tf.Tensor ? [predictions] : predictions;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${loss}: predictions must be an array of head tensors (one per mask), got ${typeof predictions}`,
    );
  }
  if (list.length !== masks.length) {
    throw new Error(
      `${loss}: predictions has ${list.length} heads but masks has ${masks.length} (one head per mask)`,
    );
  }
  let batchSize = -1;
  const heads = list.map((item: unknown, h): HeadShape => {
    const where = `${loss}: predictions[${h}] (head ${h})`;
    if (!(item instanceof tf.Tensor))
      throw new TypeError(`${where} must be a tf.Tensor, got ${typeof item}`);
    const t = item as tf.Tensor;
    if (t.isDisposed) throw new Error(`${where} is disposed`);
    if (t.dtype !== 'float32') throw new TypeError(`${where} must be float32, got ${t.dtype}`);
    const numAnchors = masks[h]!.length;
    const channels = numAnchors * (5 + numClasses);
    if (t.rank !== 4 || t.shape[3] !== channels) {
      throw new Error(
        `${where} must have shape [N, H, W, ${channels}] (A·(5+C) with A = ${numAnchors}, C = ${numClasses}), got [${t.shape.join(', ')}]`,
      );
    }
    const [n, gridH, gridW] = t.shape as [number, number, number];
    if (gridH === 0 || gridW === 0)
      throw new Error(`${where} has an empty grid [${t.shape.join(', ')}]`);
    if (batchSize < 0) batchSize = n;
    else if (n !== batchSize) {
      throw new Error(
        `${where} has batch size ${n} but predictions[0] has ${batchSize}: every head must share N`,
      );
    }
    return { gridH, gridW, numAnchors };
  });
  return { batchSize, heads };
}
