import * as tf from '@tensorflow/tfjs-core';

/** The five scalar terms of a loss result. */
export interface LossTerms {
  total: tf.Tensor;
  box: tf.Tensor;
  obj: tf.Tensor;
  noobj: tf.Tensor;
  cls: tf.Tensor;
}

/** Reads `[total, box, obj, noobj, cls]` of a loss result and disposes them. */
export async function readTerms(r: LossTerms): Promise<number[]> {
  const list = [r.total, r.box, r.obj, r.noobj, r.cls];
  const out = await Promise.all(list.map(async (t) => (await t.data())[0]!));
  tf.dispose(list);
  return out;
}
