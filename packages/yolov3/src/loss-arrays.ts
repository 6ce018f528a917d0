import type { ResolvedYolov3Config } from './config.js';
import type { Yolov3HeadTargets } from './targets.js';

/** Per-element weights and targets of one head in the loss's row layout `[rows, …]`. */
export interface LossArrays {
  /** `[rows, 4]` weights of `(t − t̂)²`: x, y for `'sse-logit'`, w, h always (halved for `'half-sse'`). */
  sse: Float32Array;
  /** `[rows, 4]` weights of `(σ(t) − t̂)²` on x, y (`'sse-sigmoid'` only). */
  sigmoidSse: Float32Array | undefined;
  /** `[rows, 4]` weights of `BCE(t̂, σ(t))` on x, y (`'bce'` only). */
  bce: Float32Array | undefined;
  /** `[rows, 5+C]` class targets on the class channels, 0 elsewhere. */
  classTarget: Float32Array;
  /** `[rows, 5+C]` `λclass` on the class channels of responsible rows, 0 elsewhere. */
  classWeight: Float32Array;
}

/** Expands a head's compact targets into the dense arrays the loss multiplies with. */
export function lossArrays(t: Yolov3HeadTargets, config: ResolvedYolov3Config): LossArrays {
  const rows = t.objMask.length;
  const c = config.numClasses;
  const sse = new Float32Array(rows * 4);
  const xy = config.xyLoss === 'sse-logit' ? undefined : new Float32Array(rows * 4);
  const wh = config.whLoss === 'half-sse' ? 0.5 : 1;
  const classTarget = new Float32Array(rows * (5 + c));
  const classWeight = new Float32Array(rows * (5 + c));
  for (let r = 0; r < rows; r++) {
    if (t.objMask[r] === 0) continue;
    const w = t.boxWeight[r]!;
    (xy ?? sse).set([w, w], r * 4);
    sse.set([w * wh, w * wh], r * 4 + 2);
    classTarget.set(t.classTarget.subarray(r * c, (r + 1) * c), r * (5 + c) + 5);
    classWeight.fill(config.lambdaClass, r * (5 + c) + 5, (r + 1) * (5 + c));
  }
  return {
    sse,
    sigmoidSse: config.xyLoss === 'sse-sigmoid' ? xy : undefined,
    bce: config.xyLoss === 'bce' ? xy : undefined,
    classTarget,
    classWeight,
  };
}
