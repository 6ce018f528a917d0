import * as tf from '@tensorflow/tfjs-core';
import { describeValue, YoloInputError } from '@yolo-loss/backend';
import { levelGrids, type LevelGrid } from './anchors.js';
import type { ResolvedYolov8Config } from './config.js';

const describe = (v: unknown): string =>
  v instanceof tf.Tensor ? `a ${v.dtype} tensor of shape [${v.shape.join(', ')}]` : describeValue(v);

/**
 * Checks the model outputs against the config: one float32 `[N, H, W, 4·regMax + C]` tensor per
 * stride, ascending, each grid `inputSize / stride`, the same `N` everywhere.
 *
 * @param predictions - the argument as given.
 * @param where - the function name for messages.
 * @returns the batch size and the output grids.
 */
export function checkOutputs(
  predictions: unknown,
  config: ResolvedYolov8Config,
  where: string,
): { batchSize: number; levels: LevelGrid[] } {
  const levels = levelGrids(config);
  const channels = 4 * config.regMax + config.numClasses;
  if (!Array.isArray(predictions)) {
    throw new YoloInputError(`${where}: predictions must be an array of ${levels.length} tensors (one per stride), got ${describe(predictions)}`);
  }
  if (predictions.length !== levels.length) {
    throw new YoloInputError(
      `${where}: predictions must hold one tensor per stride (strides [${config.strides.join(', ')}]: ${levels.length}), got ${predictions.length}`,
    );
  }
  let batchSize = -1;
  predictions.forEach((p: unknown, i) => {
    const { gridH, gridW, stride } = levels[i]!;
    const expected = `[N, ${gridH}, ${gridW}, ${channels}] (inputSize [${config.inputSize.join(', ')}] / stride ${stride}; 4·regMax + numClasses channels)`;
    if (!(p instanceof tf.Tensor) || p.isDisposed) {
      throw new YoloInputError(`${where}: predictions[${i}] must be a live tf.Tensor ${expected}, got ${p instanceof tf.Tensor ? 'a disposed tensor' : describe(p)}`);
    }
    if (p.dtype !== 'float32') throw new YoloInputError(`${where}: predictions[${i}] must be float32, got ${p.dtype}`);
    const [n, h, w, c] = p.shape;
    if (p.rank !== 4 || h !== gridH || w !== gridW || c !== channels) {
      throw new YoloInputError(`${where}: predictions[${i}] must have shape ${expected}, got [${p.shape.join(', ')}]`);
    }
    if (batchSize >= 0 && n !== batchSize) {
      throw new YoloInputError(`${where}: predictions[${i}] has batch size ${n}, predictions[0] has ${batchSize}`);
    }
    batchSize = n!;
  });
  return { batchSize, levels };
}
