import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '../../errors.js';

/**
 * Checks the inputs of a fused one-head op against each other: `pred` a float32 tensor of
 * `rows·channels` values, a table of whole entries (at least one), and every row's entry index
 * −1 or inside the table. Throws a {@link YoloInputError} naming the function and the argument.
 */
export function checkGridHeadInputs(
  where: string,
  pred: tf.Tensor,
  rows: number,
  channels: number,
  index: Int32Array,
  indexName: string,
  table: Float32Array,
  entryWidth: number,
): void {
  if (!(pred instanceof tf.Tensor) || pred.dtype !== 'float32') {
    throw new YoloInputError(`${where}: pred: expected a float32 tf.Tensor`);
  }
  if (pred.size !== rows * channels) {
    throw new YoloInputError(
      `${where}: pred: shape [${pred.shape.join(', ')}] does not hold ${rows} rows of ${channels} channels (targets.${indexName} has ${rows} rows)`,
    );
  }
  const entries = table.length / entryWidth;
  if (!Number.isInteger(entries) || entries < 1) {
    throw new YoloInputError(`${where}: targets.table: expected at least one entry of ${entryWidth} values, got ${table.length} values`);
  }
  for (let r = 0; r < index.length; r++) {
    const k = index[r]!;
    if (k < -1 || k >= entries) {
      throw new YoloInputError(`${where}: targets.${indexName}[${r}] is ${k}, expected −1 or an entry of the table (0..${entries - 1})`);
    }
  }
}
