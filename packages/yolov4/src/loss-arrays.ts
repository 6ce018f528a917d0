import type { ResolvedYolov4Config } from './config.js';
import type { Yolov4HeadTargets } from './targets.js';

/** Class targets and weights of one head in the loss's row layout `[rows, 5+C]`. */
export interface LossArrays {
  /** Smoothed class targets on the class channels, 0 elsewhere. */
  classTarget: Float32Array;
  /** `λclass` on the class channels of responsible rows, 0 elsewhere. */
  classWeight: Float32Array;
}

/** Expands a head's `[rows, C]` class targets into the dense `[rows, 5+C]` arrays the loss multiplies with. */
export function lossArrays(t: Yolov4HeadTargets, config: ResolvedYolov4Config): LossArrays {
  const rows = t.objMask.length;
  const c = config.numClasses;
  const classTarget = new Float32Array(rows * (5 + c));
  const classWeight = new Float32Array(rows * (5 + c));
  for (let r = 0; r < rows; r++) {
    if (t.objMask[r] === 0) continue;
    classTarget.set(t.classTarget.subarray(r * c, (r + 1) * c), r * (5 + c) + 5);
    classWeight.fill(config.lambdaClass, r * (5 + c) + 5, (r + 1) * (5 + c));
  }
  return { classTarget, classWeight };
}
