import * as tf from '@tensorflow/tfjs-core';
import type { Box4 } from './box-format.js';
import { diouNms, nms, type DiouNmsOptions, type NmsOptions } from './nms.js';
import { assertBoxTensor, describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

/** {@link NmsOptions} whose `classIds` may also be a `[N]` tensor. */
export type NmsTensorOptions<O extends NmsOptions = NmsOptions> = Omit<O, 'classIds'> & {
  /** One integer class id per box, as an array or a `[N]` tensor (int32 or float32). */
  classIds?: readonly number[] | tf.Tensor;
};

/**
 * {@link nms} on tensors. Reads them with `await t.data()` (never synchronously) and runs on
 * the CPU; the inputs are not disposed.
 *
 * @param boxes - `[N, 4]` float32, `xyxy` (or `xywh` with `options.format`).
 * @param scores - `[N]` float32.
 * @returns indices into `boxes` of the kept boxes, by descending score.
 */
export async function nmsAsync(boxes: tf.Tensor, scores: tf.Tensor, options: NmsTensorOptions): Promise<number[]> {
  const read = await readInputs(boxes, scores, options, 'nmsAsync');
  return nms(read.boxes, read.scores, { ...withoutClassIds(options), ...read.classIds });
}

/**
 * {@link diouNms} on tensors, read with `await t.data()`.
 *
 * @param boxes - `[N, 4]` float32, `xyxy` (or `xywh` with `options.format`).
 * @param scores - `[N]` float32.
 * @returns indices into `boxes` of the kept boxes, by descending score.
 */
export async function diouNmsAsync(
  boxes: tf.Tensor,
  scores: tf.Tensor,
  options: NmsTensorOptions<DiouNmsOptions>,
): Promise<number[]> {
  const read = await readInputs(boxes, scores, options, 'diouNmsAsync');
  return diouNms(read.boxes, read.scores, { ...withoutClassIds(options), ...read.classIds });
}

interface Read {
  boxes: Box4[];
  scores: number[];
  classIds: { classIds?: number[] };
}

async function readInputs(boxes: tf.Tensor, scores: tf.Tensor, options: NmsTensorOptions, fn: string): Promise<Read> {
  assertBoxTensor(boxes, `${fn}: boxes`);
  if (boxes.rank !== 2) throw new YoloInputError(`${fn}: boxes: expected shape [N, 4], got [${boxes.shape.join(', ')}]`);
  const n = boxes.shape[0];
  if (!(scores instanceof tf.Tensor) || scores.rank !== 1 || scores.shape[0] !== n) {
    throw new YoloInputError(`${fn}: scores: expected a tensor of shape [${n}] (one per box), got ${describe(scores)}`);
  }
  if (scores.dtype !== 'float32') throw new YoloInputError(`${fn}: scores: expected a float32 tensor, got dtype ${scores.dtype}`);
  const ids = options?.classIds;
  if (ids instanceof tf.Tensor && (ids.rank !== 1 || ids.shape[0] !== n)) {
    throw new YoloInputError(`${fn}: options.classIds: expected a tensor of shape [${n}] (one per box), got ${describe(ids)}`);
  }
  const [b, s, c] = await Promise.all([
    boxes.data(),
    scores.data(),
    ids instanceof tf.Tensor ? ids.data() : Promise.resolve(undefined),
  ]);
  const boxList = Array.from({ length: n }, (_, i): Box4 => [b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!]);
  const classIds = c === undefined ? (ids === undefined ? {} : { classIds: ids as number[] }) : { classIds: Array.from(c, Number) };
  return { boxes: boxList, scores: Array.from(s), classIds };
}

function withoutClassIds<O extends NmsOptions>(options: NmsTensorOptions<O>): Omit<O, 'classIds'> {
  if (typeof options !== 'object' || options === null) return options;
  const rest: Partial<NmsTensorOptions<O>> = { ...options };
  delete rest.classIds;
  return rest as unknown as Omit<O, 'classIds'>;
}
