import { YOLOV1_SQRT_EPS, YOLOV1_ENTRY_FIELDS, type FusedYolov1Spec } from './spec.js';
import { f32Literal, gridHeadCommon, softmaxClassCode } from './wgsl-common.js';

/**
 * User code of the fused YOLOv1 forward program (`YoloV1Head`): one invocation per cell, the same
 * arithmetic as `yolov1-cpu.ts` (see there). Writes every one of the cell's `B·5 + C` gradients
 * and its five row fields (the output buffer is not cleared).
 */
export function yolov1ForwardShader(spec: FusedYolov1Spec): string {
  const logistic = spec.activation === 'logistic';
  const decode = logistic
    ? `
fn v1_decode(p: i32) -> array<f32, 6> {
  let w = gh_sigmoid(pred[p + 2]);
  let h = gh_sigmoid(pred[p + 3]);
  let eps = ${f32Literal(YOLOV1_SQRT_EPS)};
  return array<f32, 6>(gh_sigmoid(pred[p]), gh_sigmoid(pred[p + 1]), w, h, sqrt(gh_relu(w) + eps), sqrt(gh_relu(h) + eps));
}
fn v1_conf(t: f32) -> f32 { return gh_sigmoid(t); }
fn v1_dconf(c: f32) -> f32 { return c * (1.0 - c); }`
    : `
fn v1_decode(p: i32) -> array<f32, 6> {
  let tw = pred[p + 2];
  let th = pred[p + 3];
  return array<f32, 6>(pred[p], pred[p + 1], tw * tw, th * th, tw, th);
}
fn v1_conf(t: f32) -> f32 { return t; }
fn v1_dconf(c: f32) -> f32 { return 1.0; }`;
  const distance =
    spec.fallbackDistance === 'image-rmse'
      ? `let d0 = (d[0] - ox) / f32(W);
        let d1 = (d[1] - oy) / f32(H);
        let d2 = d[2] - table[e + 2];
        let d3 = d[3] - table[e + 3];`
      : `let d0 = d[0] - ox;
        let d1 = d[1] - oy;
        let d2 = d[4] - osw;
        let d3 = d[5] - osh;`;
  const boxGrad = logistic
    ? `result[p] = 2.0 * dx * d[0] * (1.0 - d[0]);
      result[p + 1] = 2.0 * dy * d[1] * (1.0 - d[1]);
      result[p + 2] = select(0.0, (dw / d[4]) * d[2] * (1.0 - d[2]), d[2] > 0.0);
      result[p + 3] = select(0.0, (dh / d[5]) * d[3] * (1.0 - d[3]), d[3] > 0.0);`
    : `result[p] = 2.0 * dx;
      result[p + 1] = 2.0 * dy;
      result[p + 2] = 2.0 * dw;
      result[p + 3] = 2.0 * dh;`;
  const classes = logistic
    ? softmaxClassCode('sse')
    : `for (var c = 0; c < C; c++) {
      let d = pred[c0 + c] - table[t0 + c];
      cls += d * d;
      result[c0 + c] = 2.0 * d;
    }`;
  return `${gridHeadCommon}
${decode}
fn main(index: i32) {
  let r = index;
  let rows = uniforms.rows;
  if (r >= rows) { return; }
  let W = uniforms.gridW;
  let H = uniforms.gridH;
  let B = uniforms.boxes;
  let C = uniforms.numClasses;
  let ch = 5 * B + C;
  let o = r * ch;
  let terms = rows * ch;
  let k = cellIndex[r];
  let e = k * (${YOLOV1_ENTRY_FIELDS} + C);
  var j = -1;
  var iouStar = 0.0;
  if (k >= 0) {
    let col = r % W;
    let row = (r / W) % H;
    let g = gh_corners(table[e], table[e + 1], table[e + 2], table[e + 3]);
    let ox = table[e + 4];
    let oy = table[e + 5];
    let osw = table[e + 6];
    let osh = table[e + 7];
    var bestIou = -1.0;
    var byIou = 0;
    var bestDist = 0.0;
    var byDist = 0;
    for (var b = 0; b < B; b++) {
      let d = v1_decode(o + 5 * b);
      let iou = gh_iou(gh_corners((f32(col) + d[0]) / f32(W), (f32(row) + d[1]) / f32(H), d[2], d[3]), g);
      ${distance}
      let dist = d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
      if (iou > bestIou) { bestIou = iou; byIou = b; }
      if (b == 0 || dist < bestDist) { bestDist = dist; byDist = b; }
    }
    // no IoU above 0: every IoU is 0, and so is the responsible one's
    if (bestIou > 0.0) { j = byIou; iouStar = bestIou; } else { j = byDist; }
  }
  var lossBox = 0.0;
  var lossObj = 0.0;
  var lossNoobj = 0.0;
  for (var b = 0; b < B; b++) {
    let p = o + 5 * b;
    let conf = v1_conf(pred[p + 4]);
    let dConf = v1_dconf(conf);
    if (b != j) {
      lossNoobj += conf * conf;
      result[p + 4] = 2.0 * conf * dConf;
      for (var i = 0; i < 4; i++) { result[p + i] = 0.0; }
    } else {
      let goal = ${spec.rescore ? 'iouStar' : '1.0'};
      lossObj = (conf - goal) * (conf - goal);
      result[p + 4] = 2.0 * (conf - goal) * dConf;
      let d = v1_decode(p);
      let dx = d[0] - table[e + 4];
      let dy = d[1] - table[e + 5];
      let dw = d[4] - table[e + 6];
      let dh = d[5] - table[e + 7];
      lossBox = dx * dx + dy * dy + dw * dw + dh * dh;
      ${boxGrad}
    }
  }
  var cls = 0.0;
  let c0 = o + 5 * B;
  if (k >= 0) {
    let t0 = e + ${YOLOV1_ENTRY_FIELDS};
    ${classes}
  } else {
    for (var c = 0; c < C; c++) { result[c0 + c] = 0.0; }
  }
  result[terms + r] = lossBox;
  result[terms + rows + r] = lossObj;
  result[terms + 2 * rows + r] = lossNoobj;
  result[terms + 3 * rows + r] = cls;
  result[terms + 4 * rows + r] = f32(j);
}`;
}
