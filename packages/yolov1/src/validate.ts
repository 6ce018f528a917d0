import type * as tf from '@tensorflow/tfjs-core';
import { checkSingleHead } from '@yolo-loss/heads';
import { channelsPerCell, gridWH, type ResolvedYolov1Config } from './config.js';

/**
 * Checks the prediction tensor against the config (the heads kit's `checkSingleHead`) and returns it
 * as a `Tensor4D`.
 *
 * @param predictions - `[N, H, W, B·5 + C]` float32, or an array holding exactly that tensor.
 * @param config - the resolved config.
 * @param where - the calling function, for messages.
 * @throws Error naming the expected shape, rank or dtype.
 */
export function checkPredictions(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  config: ResolvedYolov1Config,
  where: string,
): tf.Tensor4D {
  const [W, H] = gridWH(config);
  const ch = channelsPerCell(config);
  const explain = `gridSize ${W}×${H}, boxesPerCell ${config.boxesPerCell}, numClasses ${config.numClasses}: B·5 + C = ${ch}`;
  return checkSingleHead(predictions, { gridH: H, gridW: W, channels: ch, explain }, where);
}
