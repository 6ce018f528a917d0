import type * as tf from '@tensorflow/tfjs-core';
import type { FixtureGtBox } from '../loss-fixtures.js';
import { readTerms, type LossTerms } from '../loss-terms.js';
import type { Observation } from '../preset-suite.js';

/**
 * A one-head version's fixed random case for `describePresetsAsData`: the prediction
 * `predictionOf` makes for a config (of the shape the config implies; fixed seeds) and the given
 * ground truth. The observation is the loss terms and the assignment read back (responsible slots
 * and their IoUs, dropped GTs, ...).
 */
export function observeGridHeadCase<C>(
  loss: (prediction: tf.Tensor4D, groundTruth: FixtureGtBox[][], config: C) => LossTerms,
  assignment: (prediction: tf.Tensor4D, groundTruth: FixtureGtBox[][], config: C) => Promise<unknown>,
  predictionOf: (config: C) => tf.Tensor4D,
  groundTruth: FixtureGtBox[][],
): (config: C) => Promise<Observation> {
  return async (config) => {
    const pred = predictionOf(config);
    try {
      const terms = await readTerms(loss(pred, groundTruth, config));
      const encoding = JSON.parse(JSON.stringify(await assignment(pred, groundTruth, config))) as unknown;
      return { loss: terms, encoding };
    } finally {
      pred.dispose();
    }
  };
}
