import * as tf from '@tensorflow/tfjs-core';
import { channelsPerCell, gridWH, type ResolvedYolov2Config } from './config.js';

/**
 * Checks the prediction tensor against the config and returns it as a `Tensor4D`.
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` float32, or an array holding exactly that tensor.
 * @param config - the resolved config.
 * @param where - the calling function, for messages.
 * @throws Error naming the expected shape, rank or dtype.
 */
export function checkPredictions(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  config: ResolvedYolov2Config,
  where: string,
): tf.Tensor4D {
  const [W, H] = gridWH(config);
  const ch = channelsPerCell(config);
  const A = config.anchors.length;
  const expected = `[N, ${H}, ${W}, ${ch}] (gridSize ${W}×${H}, ${A} anchors, numClasses ${config.numClasses}: A·(5 + C) = ${ch})`;
  let pred: unknown = predictions;
  if (Array.isArray(pred)) {
    if (pred.length !== 1) {
      throw new Error(`${where}: predictions must be one tensor ${expected} (or an array of one), got an array of ${pred.length}`);
    }
    pred = (pred as readonly unknown[])[0];
  }
  if (!(pred instanceof tf.Tensor)) {
    throw new Error(`${where}: predictions must be a tf.Tensor of shape ${expected}, got ${typeof pred}`);
  }
  const tensor = pred as tf.Tensor;
  if (tensor.isDisposed) throw new Error(`${where}: predictions tensor is disposed`);
  if (tensor.dtype !== 'float32') {
    throw new Error(`${where}: predictions must be float32, got ${tensor.dtype} (expected shape ${expected})`);
  }
  const shape = tensor.shape;
  if (shape.length !== 4 || shape[1] !== H || shape[2] !== W || shape[3] !== ch) {
    throw new Error(`${where}: predictions must have shape ${expected}, got [${shape.join(', ')}]`);
  }
  return tensor as tf.Tensor4D;
}
