import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs } from '@yolo-loss/backend';
import type { GroundTruthInput } from '@yolo-loss/geometry';
import { assignOnDevice, uploadTargets } from './assign-on-device.js';
import { gridWH, resolveYolov2Config, type ResolvedYolov2Config, type Yolov2Options } from './config.js';
import { toTargets } from './loss.js';
import type { Yolov2Targets } from './targets.js';
import type { GtSlot } from './types.js';
import { checkPredictions } from './validate.js';

/** One responsible slot and the IoU of its decoded box with its GT (the rescore target). */
export interface Yolov2ResponsibleSlot extends GtSlot {
  iou: number;
}

/** A slot `(image, row, col, anchor)`. */
export interface Yolov2Slot {
  image: number;
  row: number;
  col: number;
  anchor: number;
}

/** The assignment the loss uses for a batch, read back for inspection. */
export interface Yolov2Assignment {
  /** One entry per GT that owns a slot, by image then input order. */
  responsible: Yolov2ResponsibleSlot[];
  /** Non-responsible slots with no noobj term (IoU with some GT > `ignoreThreshold`), sorted. */
  ignored: Yolov2Slot[];
  /** GTs that lost their slot. */
  dropped: readonly GtSlot[];
}

/**
 * The responsible slots, their IoU targets and the ignored slots as `yolov2Loss` computes them
 * (for tests, debugging and visualisation; the loss never reads them back). Async: reads the
 * device with `await t.data()`.
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` (or an array of one).
 * @param groundTruth - as for `yolov2Loss`.
 * @param options - as for `yolov2Loss`.
 */
export async function yolov2Assignment(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  groundTruth: GroundTruthInput | Yolov2Targets,
  options?: Yolov2Options | ResolvedYolov2Config,
): Promise<Yolov2Assignment> {
  prepareTfjs(tf, '@yolo-loss/yolov2');
  const config = resolveYolov2Config(options);
  const pred = checkPredictions(predictions, config, 'yolov2Assignment');
  const targets = toTargets(groundTruth, pred.shape[0], config, 'yolov2Assignment');
  const assigned = tf.tidy(() => assignOnDevice(pred, uploadTargets(targets), config));
  const data = await assigned.data();
  assigned.dispose();
  const [W, H] = gridWH(config);
  const A = config.anchors.length;
  const at = (n: number, row: number, col: number): number => ((n * H + row) * W + col) * 2 * A;
  const responsible = targets.assigned.map((s) => ({ ...s, iou: data[at(s.image, s.row, s.col) + A + s.anchor]! }));
  const ignored: Yolov2Slot[] = [];
  for (let image = 0; image < targets.batchSize; image++) {
    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        for (let anchor = 0; anchor < A; anchor++) {
          const slot = ((image * H + row) * W + col) * A + anchor;
          if (targets.responsible[slot] === 0 && data[at(image, row, col) + anchor] === 0) ignored.push({ image, row, col, anchor });
        }
      }
    }
  }
  return { responsible, ignored, dropped: targets.dropped };
}
