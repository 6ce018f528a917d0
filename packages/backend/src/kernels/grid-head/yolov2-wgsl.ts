import { YOLOV2_DECODE_EXP_BOUND, YOLOV2_ENTRY_FIELDS, type FusedYolov2Spec } from './spec.js';
import { gridHeadCommon, softmaxClassCode } from './wgsl-common.js';

/** `params` buffer of the YOLOv2 program (float32): the threshold, then `2A` anchor sizes, then `2A` size bounds. */
export const YOLOV2_PARAM = { ignoreThreshold: 0, anchors: 1 } as const;

/**
 * User code of the fused YOLOv2 forward program (`YoloV2Head`): one invocation per slot, the same
 * arithmetic as `yolov2-cpu.ts` (see there). Writes every one of the slot's `5 + C` gradients and
 * its five row fields (the output buffer is not cleared).
 */
export function yolov2ForwardShader(spec: FusedYolov2Spec): string {
  const bound = YOLOV2_DECODE_EXP_BOUND.toFixed(1);
  const size =
    spec.sizeLoss === 'log-space'
      ? `let d = t - table[e + 4 + i];
        coord += d * d;
        result[o + 2 + i] = 2.0 * weight * d;`
      : `let b = params[bounds + 2 * a + i];
        let anchor = params[${YOLOV2_PARAM.anchors} + 2 * a + i];
        let ex = exp(min(t, b));
        let d = anchor * ex * (1.0 + max(t - b, 0.0)) - table[e + 2 + i];
        coord += d * d;
        result[o + 2 + i] = 2.0 * weight * d * anchor * ex;`;
  return `${gridHeadCommon}
fn main(index: i32) {
  let r = index;
  let rows = uniforms.rows;
  if (r >= rows) { return; }
  let W = uniforms.gridW;
  let H = uniforms.gridH;
  let A = uniforms.numAnchors;
  let C = uniforms.numClasses;
  let M = uniforms.maxBoxes;
  let bounds = ${YOLOV2_PARAM.anchors} + 2 * A;
  let ch = 5 + C;
  let o = r * ch;
  let terms = rows * ch;
  let a = r % A;
  let cell = r / A;
  let col = cell % W;
  let row = (cell / W) % H;
  let image = cell / (W * H);
  let k = slotIndex[r];
  let sx = gh_sigmoid(pred[o]);
  let sy = gh_sigmoid(pred[o + 1]);
  let pw = params[${YOLOV2_PARAM.anchors} + 2 * a];
  let ph = params[${YOLOV2_PARAM.anchors} + 2 * a + 1];
  let box = gh_corners(
    (sx + f32(col)) / f32(W),
    (sy + f32(row)) / f32(H),
    (pw * exp(clamp(pred[o + 2], -${bound}, ${bound}))) / f32(W),
    (ph * exp(clamp(pred[o + 3], -${bound}, ${bound}))) / f32(H),
  );
  let conf = gh_sigmoid(pred[o + 4]);
  let dConf = conf * (1.0 - conf);
  var lossBox = 0.0;
  var lossObj = 0.0;
  var lossNoobj = 0.0;
  var cls = 0.0;
  var responsible = -1.0;
  if (k < 0) {
    for (var i = 0; i < 4; i++) { result[o + i] = 0.0; }
    for (var c = 0; c < C; c++) { result[o + 5 + c] = 0.0; }
    var ignored = false;
    for (var g = 0; g < M; g++) {
      let q = (image * M + g) * 4;
      let gtBox = gh_corners(gt[q], gt[q + 1], gt[q + 2], gt[q + 3]);
      if (gh_iou(box, gtBox) > params[${YOLOV2_PARAM.ignoreThreshold}]) { ignored = true; break; }
    }
    if (ignored) {
      result[o + 4] = 0.0;
    } else {
      lossNoobj = conf * conf;
      result[o + 4] = 2.0 * conf * dConf;
    }
  } else {
    responsible = 0.0;
    let e = k * (${YOLOV2_ENTRY_FIELDS} + C);
    let goal = ${spec.rescore ? 'gh_iou(box, gh_corners(table[e + 6], table[e + 7], table[e + 8], table[e + 9]))' : '1.0'};
    lossObj = (conf - goal) * (conf - goal);
    result[o + 4] = 2.0 * (conf - goal) * dConf;
    let weight = ${spec.smallBoxWeight ? 'table[e + 10]' : '1.0'};
    let dx = sx - table[e];
    let dy = sy - table[e + 1];
    var coord = dx * dx + dy * dy;
    result[o] = 2.0 * weight * dx * sx * (1.0 - sx);
    result[o + 1] = 2.0 * weight * dy * sy * (1.0 - sy);
    for (var i = 0; i < 2; i++) {
      let t = pred[o + 2 + i];
      ${size}
    }
    lossBox = weight * coord;
    let c0 = o + 5;
    let t0 = e + ${YOLOV2_ENTRY_FIELDS};
    ${softmaxClassCode(spec.classLoss === 'softmax-ce' ? 'ce' : 'sse')}
  }
  result[terms + r] = lossBox;
  result[terms + rows + r] = lossObj;
  result[terms + 2 * rows + r] = lossNoobj;
  result[terms + 3 * rows + r] = cls;
  result[terms + 4 * rows + r] = responsible;
}`;
}
