import { YoloInputError } from '@yolo-loss/backend';
import { resolveYolov8Config, type Yolov8Options } from './config.js';

/** The strides of the outputs {@link yolov8OutputShapes} describes: P3, P4, P5. */
export const DEFAULT_STRIDES = [8, 16, 32] as const;

/**
 * The output shapes a configuration implies: three outputs of strides 8, 16 and 32 (P3–P5), each
 * grid `inputSize / stride`, with `4·regMax + C` channels (the DFL logits, then the class
 * logits). The loss reads each grid from its tensor (its stride is `inputSize / grid`), so a model
 * with other strides or another number of outputs works too.
 *
 * @param options - config keys (a resolved config fits).
 * @returns `[height, width, 4·regMax + C]` per output, ascending stride.
 * @throws YoloInputError when `inputSize` is not a multiple of 32.
 */
export function yolov8OutputShapes(options?: Yolov8Options): [number, number, number][] {
  const config = resolveYolov8Config(options);
  const [width, height] = config.inputSize;
  return DEFAULT_STRIDES.map((stride, i) => {
    if (width % stride !== 0 || height % stride !== 0) {
      throw new YoloInputError(
        `yolov8OutputShapes: config key 'inputSize' [${width}, ${height}] must be a multiple of output ${i}'s stride ${stride}`,
      );
    }
    return [height / stride, width / stride, 4 * config.regMax + config.numClasses];
  });
}
