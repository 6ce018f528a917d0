import * as tf from '@tensorflow/tfjs-core';
import type { FixtureGtBox } from '../loss-fixtures.js';
import { readTerms } from '../loss-terms.js';
import type { Observation } from '../preset-suite.js';
import { randomHeads } from '../random-inputs.js';
import type { AnchorHeadLossResult, HeadShape } from './kit.js';

/**
 * An anchor-head version's fixed random case for `describePresetsAsData`: random heads (LCG,
 * `seed`, values in ±`scale`) and the given ground truth. The observation is the loss terms and
 * the slots the encoding gave (responsible slots, their GTs, dropped GTs).
 */
export function observeAnchorHeadCase<C>(
  loss: (heads: tf.Tensor[], groundTruth: FixtureGtBox[][], config: C) => AnchorHeadLossResult,
  shapes: readonly HeadShape[],
  groundTruth: FixtureGtBox[][],
  seed: number,
  scale: number,
): (config: C) => Promise<Observation> {
  return async (config) => {
    const heads = randomHeads(shapes, seed, scale);
    try {
      const r = loss(heads, groundTruth, config);
      const { responsible, responsibleGt, dropped } = r.stats;
      return { loss: await readTerms(r), encoding: JSON.parse(JSON.stringify({ responsible, responsibleGt, dropped })) as unknown };
    } finally {
      tf.dispose(heads);
    }
  };
}
