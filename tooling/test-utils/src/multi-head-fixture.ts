import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose } from './expect-close.js';
import type { FixtureCase, FixtureGtBox } from './loss-fixtures.js';
import { values } from './tensor-values.js';

type Terms = Record<'total' | 'box' | 'obj' | 'noobj' | 'cls', tf.Tensor>;

/** The two functions of a multi-head loss package (YOLOv3/v4) a fixture case exercises. */
export interface MultiHeadLossKit<O> {
  loss(
    heads: tf.Tensor[],
    groundTruth: FixtureGtBox[][],
    options: O,
  ): Terms & { stats: { responsible: readonly (readonly number[])[]; responsibleGt: readonly number[]; dropped: readonly (readonly number[])[] } };
  assignment(heads: tf.Tensor[], groundTruth: FixtureGtBox[][], options: O): Promise<{ ignored: readonly (readonly number[])[] }>;
}

/**
 * Checks one fixture case against a multi-head loss: responsible slots (and the owning GT and
 * dropped GTs where the fixture has them), ignored slots, the loss terms where given, and the
 * gradient (masked by `gradMask` where given), at the case's own tolerance.
 *
 * @param options - what the loss gets: `{ ...c.config, preset }` of the fixture file, or that
 *   resolved to a full config (no preset key).
 */
export async function expectMultiHeadFixtureCase<O>(c: FixtureCase, options: O, kit: MultiHeadLossKit<O>): Promise<void> {
  const preds = c.predictions.map((p) =>
    tf.tensor(Float32Array.from(p.data as number[]), p.shape as [number, number, number, number]),
  );
  const result = kit.loss(preds, c.groundTruth, options);
  try {
    const { responsibleGt, dropped } = c.expected;
    if (
      JSON.stringify({
        responsible: result.stats.responsible.map((s) => [...s]),
        responsibleGt: responsibleGt && result.stats.responsibleGt,
        dropped: dropped && result.stats.dropped.map((d) => [...d]),
      }) !== JSON.stringify({ responsible: c.expected.responsible, responsibleGt, dropped })
    ) {
      throw new Error(
        `slots differ: got ${JSON.stringify(result.stats.responsible)} / ${JSON.stringify(result.stats.responsibleGt)} / ` +
          `${JSON.stringify(result.stats.dropped)}, expected ${JSON.stringify(c.expected.responsible)} / ` +
          `${JSON.stringify(responsibleGt)} / ${JSON.stringify(dropped)}`,
      );
    }
    const { ignored } = await kit.assignment(preds, c.groundTruth, options);
    if (c.expected.ignored && JSON.stringify(ignored.map((s) => [...s])) !== JSON.stringify(c.expected.ignored)) {
      throw new Error(`ignored slots differ: got ${JSON.stringify(ignored)}, expected ${JSON.stringify(c.expected.ignored)}`);
    }
    if (c.expected.loss) {
      for (const term of ['total', 'box', 'obj', 'noobj', 'cls'] as const) {
        expectAllClose(await values(result[term]), [c.expected.loss[term]], c.tolerance, term);
      }
    }
    if (c.compare.includes('grad')) {
      const grads = tf.grads((...xs: tf.Tensor[]) => kit.loss(xs, c.groundTruth, options).total)(preds);
      try {
        for (const [h, g] of grads.entries()) {
          expectAllClose(
            await values(g),
            c.expected.grad[h]!.data,
            c.tolerance,
            `grad head ${h}`,
            c.expected.gradMask?.[h]?.data as number[] | undefined,
          );
        }
      } finally {
        tf.dispose(grads);
      }
    }
  } finally {
    tf.dispose([result.total, result.box, result.obj, result.noobj, result.cls]);
    tf.dispose(preds);
  }
}
