// A plain float64 reference of the YOLOv5 loss terms, written from the formulas (docs/losses/yolov5.md)
// without tensors: checked against the ultralytics fixtures, then used for the options they do not
// cover (pos_weight, focal γ, gr < 1, label smoothing with other values).
import type { ResolvedYolov5Config, Yolov5Targets } from '../src/index.js';

/** The focal loss's `α` (Lin et al., "Focal Loss for Dense Object Detection"). */
const FOCAL_ALPHA = 0.25;
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** `−[p·y·log σ(z) + (1 − y)·log(1 − σ(z))]`, times the focal factor for `γ > 0`. */
export function referenceBce(z: number, y: number, posWeight: number, gamma: number): number {
  const loss = posWeight * y * softplus(-z) + (1 - y) * softplus(z);
  if (gamma === 0) return loss;
  const p = sigmoid(z);
  const pt = y * p + (1 - y) * (1 - p);
  return loss * (y * FOCAL_ALPHA + (1 - y) * (1 - FOCAL_ALPHA)) * (1 - pt) ** gamma;
}

/** YOLOv5's centre-form CIoU (eps 1e-7 on the union, `c²` and `α`'s denominator). */
export function referenceCiou(a: readonly number[], b: readonly number[]): number {
  const eps = 1e-7;
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const [ax1, ax2, ay1, ay2] = [ax - aw / 2, ax + aw / 2, ay - ah / 2, ay + ah / 2];
  const [bx1, bx2, by1, by2] = [bx - bw / 2, bx + bw / 2, by - bh / 2, by + bh / 2];
  const inter =
    Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1)) *
    Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const iou = inter / (aw * ah + bw * bh - inter + eps);
  const cw = Math.max(ax2, bx2) - Math.min(ax1, bx1);
  const ch = Math.max(ay2, by2) - Math.min(ay1, by1);
  const c2 = cw * cw + ch * ch + eps;
  const rho2 = ((bx1 + bx2 - ax1 - ax2) ** 2 + (by1 + by2 - ay1 - ay2) ** 2) / 4;
  const v = (4 / Math.PI ** 2) * (Math.atan(bw / bh) - Math.atan(aw / ah)) ** 2;
  const alpha = v / (v - iou + 1 + eps);
  return iou - (rho2 / c2 + v * alpha);
}

/** The unscaled terms (ultralytics' logged `box`, `obj`, `cls`) from plain arrays. */
export function referenceTerms(
  predictions: readonly ArrayLike<number>[],
  targets: Yolov5Targets,
  config: ResolvedYolov5Config,
): { box: number; obj: number; cls: number } {
  const c = config.numClasses;
  const ch = 5 + c;
  let box = 0;
  let obj = 0;
  let cls = 0;
  targets.heads.forEach((t, level) => {
    const pred = predictions[level]!;
    const rows = pred.length / ch;
    const objTarget = new Float64Array(rows);
    let boxSum = 0;
    let clsSum = 0;
    for (let k = 0; k < t.count; k++) {
      const o = t.rows[k]! * ch;
      const decoded = [0, 1, 2, 3].map((i) => 2 * sigmoid(pred[o + i]!));
      const pbox = [
        decoded[0]! - 0.5,
        decoded[1]! - 0.5,
        decoded[2]! ** 2 * t.anchorWh[2 * k]!,
        decoded[3]! ** 2 * t.anchorWh[2 * k + 1]!,
      ];
      const value = referenceCiou(pbox, Array.from(t.boxTarget.subarray(4 * k, 4 * k + 4)));
      boxSum += 1 - value;
      objTarget[t.rows[k]!] = 1 - config.objIouRatio + config.objIouRatio * Math.max(value, 0); // last write wins
      for (let j = 0; j < c; j++) {
        const y =
          j === t.classIds[k] ? 1 - 0.5 * config.labelSmoothing : 0.5 * config.labelSmoothing;
        const pw =
          typeof config.classPosWeight === 'number'
            ? config.classPosWeight
            : config.classPosWeight[j]!;
        clsSum += referenceBce(pred[o + 5 + j]!, y, pw, config.focalGamma);
      }
    }
    let objSum = 0;
    for (let r = 0; r < rows; r++)
      objSum += referenceBce(
        pred[r * ch + 4]!,
        objTarget[r]!,
        config.objPosWeight,
        config.focalGamma,
      );
    if (t.count > 0) box += (config.lambdaCoord * boxSum) / t.count;
    if (t.count > 0 && c > 1) cls += (config.lambdaClass * clsSum) / (t.count * c);
    obj += (config.levelWeights[level]! * config.lambdaObj * objSum) / rows;
  });
  return { box, obj, cls };
}
