import * as tf from '@tensorflow/tfjs-core';
import { describeValue, YoloInputError } from '@yolo-loss/backend';
import type { LevelGrid } from './anchors.js';
import type { ResolvedYolov8Config } from './config.js';

const describe = (v: unknown): string => {
  if (!(v instanceof tf.Tensor)) return describeValue(v);
  const t = v as tf.Tensor;
  return `a ${t.dtype} tensor of shape [${t.shape.join(', ')}]`;
};

/**
 * Checks the model outputs against the config: a non-empty array of live float32
 * `[N, H, W, 4·regMax + C]` tensors with the same `N`, each grid dividing `inputSize` into an
 * integer stride, the same across and down, the strides strictly ascending.
 *
 * @param outputs - the argument as given.
 * @param where - the function name for messages.
 * @returns the batch size and each output's grid and stride.
 */
export function checkOutputs(
  outputs: unknown,
  config: ResolvedYolov8Config,
  where: string,
): { batchSize: number; levels: LevelGrid[] } {
  const channels = 4 * config.regMax + config.numClasses;
  const [inW, inH] = config.inputSize;
  const layout = `[N, H, W, ${channels}] (4·regMax + numClasses channels)`;
  if (!Array.isArray(outputs) || outputs.length === 0) {
    throw new YoloInputError(`${where}: predictions must be a non-empty array of tensors ${layout}, one per output by ascending stride, got ${describe(outputs)}`);
  }
  let batchSize = -1;
  const levels = (outputs as unknown[]).map((item, i): LevelGrid => {
    if (!(item instanceof tf.Tensor) || (item as tf.Tensor).isDisposed) {
      throw new YoloInputError(`${where}: predictions[${i}] must be a live tf.Tensor ${layout}, got ${item instanceof tf.Tensor ? 'a disposed tensor' : describe(item)}`);
    }
    const p = item as tf.Tensor;
    if (p.dtype !== 'float32') throw new YoloInputError(`${where}: predictions[${i}] must be float32, got ${p.dtype}`);
    const [n, h, w, c] = p.shape;
    if (p.rank !== 4 || c !== channels) {
      throw new YoloInputError(`${where}: predictions[${i}] must have shape ${layout}, got [${p.shape.join(', ')}]`);
    }
    if (batchSize >= 0 && n !== batchSize) {
      throw new YoloInputError(`${where}: predictions[${i}] has batch size ${n}, predictions[0] has ${batchSize}: every output must share N`);
    }
    batchSize = n!;
    const stride = inW / w!;
    if (!Number.isInteger(stride) || stride !== inH / h! || h! < 1 || w! < 1) {
      throw new YoloInputError(
        `${where}: predictions[${i}]'s grid ${h}×${w} must divide inputSize [${inW}, ${inH}] into an integer stride, the same across and down`,
      );
    }
    return { gridH: h!, gridW: w!, stride };
  });
  levels.forEach((l, i) => {
    if (i > 0 && l.stride <= levels[i - 1]!.stride) {
      throw new YoloInputError(
        `${where}: predictions must be ordered by ascending stride: predictions[${i}] has stride ${l.stride}, predictions[${i - 1}] ${levels[i - 1]!.stride}`,
      );
    }
  });
  return { batchSize, levels };
}
