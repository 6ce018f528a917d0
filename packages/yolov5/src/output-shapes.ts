import { YoloInputError } from '@yolo-loss/backend';
import { resolveYolov5Config, type Yolov5Options } from './config.js';

/** Stride of output `i` in {@link yolov5OutputShapes}: `8·2^i` (P3, P4, P5, …). */
export function defaultStride(level: number): number {
  return 8 * 2 ** level;
}

/**
 * The output shapes a configuration implies: output `i` (mask `i`) has stride `8·2^i` (P3, P4,
 * P5, …), so its grid is `inputSize / (8·2^i)`, and `A·(5 + C)` channels. The loss reads each grid
 * from its tensor (its stride is `inputSize / grid`), so a model with other strides works too.
 *
 * @param options - config keys (a resolved config fits).
 * @returns `[height, width, A·(5 + C)]` per output, in the order of `masks`.
 * @throws YoloInputError when `inputSize` is not a multiple of an output's stride.
 */
export function yolov5OutputShapes(options?: Yolov5Options): [number, number, number][] {
  const config = resolveYolov5Config(options);
  const [width, height] = config.inputSize;
  return config.masks.map((mask, i) => {
    const stride = defaultStride(i);
    if (width % stride !== 0 || height % stride !== 0) {
      throw new YoloInputError(
        `yolov5OutputShapes: config key 'inputSize' [${width}, ${height}] must be a multiple of output ${i}'s stride ${stride} (8·2^${i})`,
      );
    }
    return [height / stride, width / stride, mask.length * (5 + config.numClasses)];
  });
}

/** `[W, H]` of each output's grid under {@link yolov5OutputShapes}. */
export function defaultGrids(options?: Yolov5Options): [number, number][] {
  return yolov5OutputShapes(options).map(([h, w]) => [w, h]);
}
