import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, type Tolerance } from './expect-close.js';
import { values } from './tensor-values.js';

type Terms = Record<'total' | 'box' | 'obj' | 'noobj' | 'cls', tf.Tensor>;

/** The result's scalar terms: the five every version has and a version's own (YOLOv8's `dfl`). */
const termNames = (terms: Terms): (keyof Terms)[] =>
  (Object.keys(terms) as (keyof Terms)[]).filter((k) => terms[k] instanceof tf.Tensor);

/**
 * Asserts that a multi-head loss gives the same terms and the same gradient of `total` with
 * `implementation: 'fused'` as with `'composed'` (the reference), at `tolerance`, and that the
 * fused call leaves no tensor behind.
 *
 * @param loss - the loss function (`yolov3Loss` / `yolov4Loss`).
 * @param heads - prediction tensors (not disposed).
 * @param groundTruth - anything the loss accepts.
 * @param options - loss options without `implementation`.
 */
export async function expectFusedMatchesComposed<G, O extends { implementation?: string }>(
  loss: (heads: tf.Tensor[], groundTruth: G, options?: O) => Terms,
  heads: tf.Tensor[],
  groundTruth: G,
  options: O,
  tolerance: Tolerance,
  label = '',
): Promise<void> {
  const run = (implementation: 'fused' | 'composed') => {
    const terms = loss(heads, groundTruth, { ...options, implementation });
    const grads = tf.grads((...xs: tf.Tensor[]) => loss(xs, groundTruth, { ...options, implementation }).total)(heads);
    return { terms, grads };
  };
  const before = tf.memory().numTensors;
  const fused = run('fused');
  const created = tf.memory().numTensors - before;
  const composed = run('composed');
  try {
    // the fused call leaves its terms and one gradient per head
    const names = termNames(fused.terms);
    if (created !== names.length + heads.length) {
      throw new Error(`${label}: the fused loss + gradient left ${created} tensors, expected ${names.length + heads.length}`);
    }
    for (const term of names) {
      expectAllClose(await values(fused.terms[term]), await values(composed.terms[term]), tolerance, `${label} ${term}`);
    }
    for (const [h, g] of fused.grads.entries()) {
      expectAllClose(await values(g), await values(composed.grads[h]!), tolerance, `${label} grad head ${h}`);
    }
  } finally {
    for (const r of [fused, composed]) {
      tf.dispose(termNames(r.terms).map((t) => r.terms[t]));
      tf.dispose(r.grads);
    }
  }
}
