import { ROW } from './spec.js';

/**
 * The fused one-head backward pass (YOLOv1 and YOLOv2 share it): `dx = g · dy[term]`, where the
 * forward pass wrote `g` and each row's responsible predictor. A row holds `predictors` groups of
 * five box channels (`x, y, w, h` → box; the confidence → obj for the responsible predictor,
 * noobj for the others), then the class channels (→ cls).
 *
 * @param forward - the forward kernel's output.
 * @param dy - `[4]` upstream gradients of box, obj, noobj, cls.
 * @param predictors - box groups per row (YOLOv1: `B`; YOLOv2: 1).
 * @returns `[rows·channels]`.
 */
export function gridHeadBackward(
  forward: Float32Array,
  dy: Float32Array,
  rows: number,
  channels: number,
  predictors: number,
): Float32Array {
  const dx = new Float32Array(rows * channels);
  const [box, obj, noobj, cls] = [dy[ROW.box]!, dy[ROW.obj]!, dy[ROW.noobj]!, dy[ROW.cls]!];
  const responsibleAt = rows * channels + ROW.responsible * rows;
  const classes = 5 * predictors;
  for (let r = 0; r < rows; r++) {
    const o = r * channels;
    const j = forward[responsibleAt + r]!;
    if (j < 0) {
      // no responsible predictor: the forward pass wrote 0 for every box and class channel
      for (let b = 0; b < predictors; b++) dx[o + 5 * b + 4] = forward[o + 5 * b + 4]! * noobj;
      continue;
    }
    for (let b = 0; b < predictors; b++) {
      const p = o + 5 * b;
      for (let i = 0; i < 4; i++) dx[p + i] = forward[p + i]! * box;
      dx[p + 4] = forward[p + 4]! * (b === j ? obj : noobj);
    }
    for (let k = classes; k < channels; k++) dx[o + k] = forward[o + k]! * cls;
  }
  return dx;
}
