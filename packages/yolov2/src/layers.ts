import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import { channelsPerCell, gridWH, type ResolvedYolov2Config } from './config.js';
import { SLOT_FIELDS, targetTensors, type TargetTensors } from './target-tensors.js';
import type { Yolov2Targets } from './targets.js';

/**
 * YOLOv2's tfjs-layers targets: `yTrue` has the output's shape `[N, H, W, A·(5 + C)]`; per image its
 * values carry the image's GT table (`maxBoxes` rows of `x, y, w, h`, zero-size rows are padding:
 * the ignore rule compares every prediction with every GT) and then one 13-value record per
 * responsible slot — the slot (−1 for padding), the {@link SLOT_FIELDS} and the class — unpacked on
 * the device into the dense targets the loss reads.
 */
const RECORD = 2 + SLOT_FIELDS.length;

function capacity(config: ResolvedYolov2Config, maxBoxes: number, where: string): { slots: number; length: number; records: number } {
  const [W, H] = gridWH(config);
  const length = H * W * channelsPerCell(config);
  const records = Math.floor((length - 4 * maxBoxes) / RECORD);
  if (records < 1) {
    throw new YoloInputError(`${where}: the output's ${length} values per image are too few for maxBoxes ${maxBoxes} and its targets: lower maxBoxes`);
  }
  return { slots: H * W * config.anchors.length, length, records };
}

/** Packs encoded targets into the `[N · H·W·A·(5 + C)]` values of `yTrue`. */
export function packYolov2(targets: Yolov2Targets, config: ResolvedYolov2Config, maxBoxes: number, where: string): Float32Array {
  const { slots, length, records } = capacity(config, maxBoxes, where);
  const C = targets.numClasses;
  const out = new Float32Array(targets.batchSize * length);
  for (let img = 0; img < targets.batchSize; img++) {
    const base = img * length;
    let boxes = 0;
    for (let g = 0; g < targets.maxGt; g++) {
      const o = (img * targets.maxGt + g) * 4;
      if (targets.allGt[o + 2] === 0) continue;
      if (boxes === maxBoxes) {
        throw new YoloInputError(`${where}: image ${img} has more than maxBoxes (${maxBoxes}) ground-truth boxes: raise maxBoxes in layersTargets and layersLoss`);
      }
      out.set(targets.allGt.subarray(o, o + 4), base + 4 * boxes++);
    }
    for (let k = 0; k < records; k++) out[base + 4 * maxBoxes + k * RECORD] = -1;
  }
  const used = new Int32Array(targets.batchSize);
  for (let slot = 0; slot < targets.responsible.length; slot++) {
    if (targets.responsible[slot] === 0) continue;
    const img = Math.floor(slot / slots);
    const k = used[img]!++;
    if (k >= records) {
      throw new YoloInputError(`${where}: image ${img}'s targets need more than the ${records} records its yTrue holds after maxBoxes ${maxBoxes}: lower maxBoxes`);
    }
    const o = img * length + 4 * maxBoxes + k * RECORD;
    out[o] = slot - img * slots;
    SLOT_FIELDS.forEach((name, f) => (out[o + 1 + f] = targets[name][slot]!));
    let classId = 0;
    while (targets.classes[slot * C + classId] !== 1) classId++;
    out[o + RECORD - 1] = classId;
  }
  return out;
}

/** Unpacks `yTrue` on the device into the target tensors (call inside a `tf.tidy`; no GPU→CPU read). */
export function unpackYolov2(yTrue: tf.Tensor, config: ResolvedYolov2Config, maxBoxes: number): TargetTensors {
  const { slots, length, records } = capacity(config, maxBoxes, 'yolov2.layersLoss');
  const [W, H] = gridWH(config);
  const A = config.anchors.length;
  const n = yTrue.shape[0];
  const C = config.numClasses;
  const total = n * slots;
  const flat = tf.reshape(yTrue, [n, length]);
  const all = tf.reshape(tf.slice(flat, [0, 0], [n, 4 * maxBoxes]), [n, 1, maxBoxes, 4]);
  const rec = tf.reshape(tf.slice(flat, [0, 4 * maxBoxes], [n, records * RECORD]), [n * records, RECORD]);
  const [slot, fields, classId] = tf.split(rec, [1, SLOT_FIELDS.length, 1], 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const image = tf.reshape(tf.mul(tf.floorDiv(tf.range(0, n * records, 1, 'int32'), tf.scalar(records, 'int32')), tf.scalar(slots, 'int32')), [-1, 1]);
  const owned = tf.greaterEqual(slot, 0);
  const index = tf.where(owned, tf.add(tf.cast(slot, 'int32'), image), tf.fill(slot.shape, total, 'int32'));
  // slots without a record stay 0; padding records land in a spare row that is sliced off
  const scatter = (values: tf.Tensor, width: number): tf.Tensor =>
    tf.slice(tf.scatterND(index, values, [total + 1, width]), [0, 0], [total, width]);
  const classIndex = tf.where(owned, tf.add(tf.mul(index, tf.scalar(C, 'int32')), tf.cast(classId, 'int32')), tf.fill(slot.shape, total * C, 'int32'));
  const classes = tf.slice(tf.scatterND(classIndex, tf.ones([n * records]), [total * C + 1]), [0], [total * C]);
  return targetTensors(
    tf.reshape(scatter(tf.ones([n * records, 1]), 1), [n, H, W, A]),
    scatter(fields, SLOT_FIELDS.length) as tf.Tensor2D,
    tf.reshape(classes, [n * H * W, A, C]),
    all as tf.Tensor4D,
  );
}
