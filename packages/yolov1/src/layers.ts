import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import { channelsPerCell, gridWH, type ResolvedYolov1Config } from './config.js';
import { targetTensors, type TargetTensors } from './target-tensors.js';
import type { Yolov1Targets } from './targets.js';

/**
 * YOLOv1's tfjs-layers targets: `yTrue` has the output's shape `[N, S_h, S_w, B·5 + C]`; per image
 * its values carry one 10-value record per cell that owns a GT — the cell (−1 for padding), the
 * GT's `x, y, w, h`, the offsets `x̂, ŷ, √ŵ, √ĥ` and the class — unpacked on the device into the
 * dense targets the loss reads. (YOLOv1 has no ignore rule, so no GT table is needed.)
 */
const RECORD = 10;

function capacity(config: ResolvedYolov1Config): { cells: number; length: number; records: number } {
  const [W, H] = gridWH(config);
  const length = H * W * channelsPerCell(config);
  return { cells: H * W, length, records: Math.floor(length / RECORD) };
}

/** Packs encoded targets into the `[N · S_h·S_w·(B·5 + C)]` values of `yTrue`. */
export function packYolov1(targets: Yolov1Targets, config: ResolvedYolov1Config, _maxBoxes: number, where: string): Float32Array {
  const { cells, length, records } = capacity(config);
  const C = targets.numClasses;
  const out = new Float32Array(targets.batchSize * length);
  const used = new Int32Array(targets.batchSize);
  for (let img = 0; img < targets.batchSize; img++) {
    for (let k = 0; k < records; k++) out[img * length + k * RECORD] = -1;
  }
  for (let cell = 0; cell < targets.objCell.length; cell++) {
    if (targets.objCell[cell] === 0) continue;
    const img = Math.floor(cell / cells);
    const k = used[img]!++;
    if (k >= records) {
      throw new YoloInputError(`${where}: image ${img} owns more cells than its yTrue can carry (${records}): B·5 + C is too small`);
    }
    const o = img * length + k * RECORD;
    out[o] = cell - img * cells;
    out.set(targets.gtBox.subarray(cell * 4, cell * 4 + 4), o + 1);
    out.set(targets.offsets.subarray(cell * 4, cell * 4 + 4), o + 5);
    let classId = 0;
    while (targets.classes[cell * C + classId] !== 1) classId++;
    out[o + 9] = classId;
  }
  return out;
}

/** Unpacks `yTrue` on the device into the target tensors (call inside a `tf.tidy`; no GPU→CPU read). */
export function unpackYolov1(yTrue: tf.Tensor, config: ResolvedYolov1Config): TargetTensors {
  const { cells, length, records } = capacity(config);
  const [W, H] = gridWH(config);
  const n = yTrue.shape[0];
  const C = config.numClasses;
  const total = n * cells;
  const rec = tf.reshape(tf.slice(tf.reshape(yTrue, [n, length]), [0, 0], [n, records * RECORD]), [n * records, RECORD]);
  const [cell, gtBox, offsets, classId] = tf.split(rec, [1, 4, 4, 1], 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const image = tf.reshape(tf.mul(tf.floorDiv(tf.range(0, n * records, 1, 'int32'), tf.scalar(records, 'int32')), tf.scalar(cells, 'int32')), [-1, 1]);
  const owned = tf.greaterEqual(cell, 0);
  const index = tf.where(owned, tf.add(tf.cast(cell, 'int32'), image), tf.fill(cell.shape, total, 'int32'));
  // cells without a record stay 0; padding records land in a spare row that is sliced off
  const scatter = (values: tf.Tensor, width: number): tf.Tensor =>
    tf.slice(tf.scatterND(index, values, [total + 1, width]), [0, 0], [total, width]);
  const classIndex = tf.where(owned, tf.add(tf.mul(index, tf.scalar(C, 'int32')), tf.cast(classId, 'int32')), tf.fill(cell.shape, total * C, 'int32'));
  const classes = tf.slice(tf.scatterND(classIndex, tf.ones([n * records]), [total * C + 1]), [0], [total * C]);
  return targetTensors(
    tf.reshape(scatter(tf.ones([n * records, 1]), 1), [n, H, W, 1]),
    tf.reshape(scatter(gtBox, 4), [n, H, W, 4]),
    tf.reshape(scatter(offsets, 4), [n, H, W, 4]),
    tf.reshape(classes, [n, H, W, C]),
  );
}
