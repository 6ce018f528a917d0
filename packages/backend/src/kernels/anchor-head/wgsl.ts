import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './limits.js';
import { CIOU_ALPHA_EPS } from '../../numerics.js';
import { CULL_MAX_EXTENT, CULL_MIN_EXTENT, CULL_SLACK } from './gt-index.js';
import type { FusedHeadSpec } from './spec.js';

/**
 * WGSL of the fused head kernels (tfjs-backend-webgpu programs: the backend supplies the
 * buffers `result`, one per input name, and `uniforms`; the user code defines `main(index)`).
 * Forward: one invocation per row; it writes the row's objectness gradient, the gradients of a
 * responsible row (by table entry) and its four terms, in the `layout.ts` layout with one partial
 * sum per row. Backward: one invocation per prediction. The same arithmetic as `cpu-kernel.ts` /
 * `dual-box.ts` (see there for the kink conventions).
 */

/** `params` buffer layout (float32). */
export const PARAM = {
  lambdaObj: 0,
  lambdaClass: 1,
  ignoreThreshold: 2,
  scaleXY: 3,
  whScale: 4,
  gateLogit: 5,
  /** `(s − 1)/2` rounded from float64, as the composed path's scalar is. */
  scaleShift: 6,
  /** The ignore rule's window, in row-box sizes (`cullSpread`); −1: test every GT. */
  cullSpread: 7,
  anchors: 8,
} as const;

const common = /* wgsl */ `
struct FyDual { v: f32, d: vec4<f32> };
fn fy_c(v: f32) -> FyDual { return FyDual(v, vec4<f32>(0.0)); }
fn fy_add(a: FyDual, b: FyDual) -> FyDual { return FyDual(a.v + b.v, a.d + b.d); }
fn fy_sub(a: FyDual, b: FyDual) -> FyDual { return FyDual(a.v - b.v, a.d - b.d); }
fn fy_scale(a: FyDual, s: f32) -> FyDual { return FyDual(a.v * s, a.d * s); }
fn fy_divc(a: FyDual, s: f32) -> FyDual { return FyDual(a.v / s, a.d / s); }
fn fy_mul(a: FyDual, b: FyDual) -> FyDual { return FyDual(a.v * b.v, a.d * b.v + b.d * a.v); }
fn fy_min(a: FyDual, b: FyDual) -> FyDual { if (a.v <= b.v) { return a; } return b; }
fn fy_max(a: FyDual, b: FyDual) -> FyDual { if (a.v >= b.v) { return a; } return b; }
fn fy_relu(a: FyDual) -> FyDual { if (a.v > 0.0) { return a; } return fy_c(0.0); }
fn fy_div0(a: FyDual, b: FyDual) -> FyDual {
  if (b.v == 0.0) { return fy_c(0.0); }
  let q = a.v / b.v;
  return FyDual(q, (a.d - q * b.d) / b.v);
}
fn fy_angle(w: FyDual, h: FyDual) -> FyDual {
  var hh = h;
  if (w.v * w.v + h.v * h.v == 0.0) { hh = fy_c(1.0); }
  let r = w.v * w.v + hh.v * hh.v;
  return FyDual(atan2(w.v, hh.v), (hh.v * w.d - w.v * hh.d) / r);
}
fn fy_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn fy_log1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
fn fy_bce(z: f32, t: f32) -> f32 { return max(z, 0.0) - z * t + fy_log1p(exp(-abs(z))); }
`;

/** `1 − IoUkind` pieces: the value of the IoU-family member of a decoded box `p*` and a target. */
function iouValueCode(kind: FusedHeadSpec['box']): string {
  const giou = `
    let cw = fy_sub(fy_max(ax2, bx2), fy_min(ax1, bx1));
    let ch = fy_sub(fy_max(ay2, by2), fy_min(ay1, by1));
    let area = fy_mul(cw, ch);
    return fy_sub(iou, fy_div0(fy_sub(area, un), area));`;
  const diou = `
    let cw = fy_sub(fy_max(ax2, bx2), fy_min(ax1, bx1));
    let ch = fy_sub(fy_max(ay2, by2), fy_min(ay1, by1));
    let diag = fy_add(fy_mul(cw, cw), fy_mul(ch, ch));
    let dx = fy_sub(fy_scale(fy_add(ax1, ax2), 0.5), fy_scale(fy_add(bx1, bx2), 0.5));
    let dy = fy_sub(fy_scale(fy_add(ay1, ay2), 0.5), fy_scale(fy_add(by1, by2), 0.5));
    let value = fy_sub(iou, fy_div0(fy_add(fy_mul(dx, dx), fy_mul(dy, dy)), diag));`;
  const ciou = `${diou}
    let da = fy_sub(fy_angle(wb, hb), fy_angle(wa, ha));
    let v = fy_scale(fy_mul(da, da), ${(4 / (Math.PI * Math.PI)).toPrecision(9)});
    let den = 1.0 - iou.v + v.v + ${CIOU_ALPHA_EPS.toExponential()};
    var alpha = 0.0;
    if (den != 0.0) { alpha = v.v / den; }
    return fy_sub(value, fy_scale(v, alpha));`;
  const tail =
    kind === 'iou' ? 'return iou;' : kind === 'giou' ? giou : kind === 'diou' ? `${diou}\n    return value;` : ciou;
  return `
fn fy_iou_value(x: FyDual, y: FyDual, w: FyDual, h: FyDual, t: vec4<f32>) -> FyDual {
    let ax1 = fy_sub(x, fy_scale(w, 0.5));
    let ay1 = fy_sub(y, fy_scale(h, 0.5));
    let ax2 = fy_add(x, fy_scale(w, 0.5));
    let ay2 = fy_add(y, fy_scale(h, 0.5));
    let bx1 = fy_c(t.x - t.z * 0.5);
    let by1 = fy_c(t.y - t.w * 0.5);
    let bx2 = fy_c(t.x + t.z * 0.5);
    let by2 = fy_c(t.y + t.w * 0.5);
    let wa = fy_sub(ax2, ax1);
    let ha = fy_sub(ay2, ay1);
    let wb = fy_sub(bx2, bx1);
    let hb = fy_sub(by2, by1);
    let iw = fy_relu(fy_sub(fy_min(ax2, bx2), fy_max(ax1, bx1)));
    let ih = fy_relu(fy_sub(fy_min(ay2, by2), fy_max(ay1, by1)));
    let inter = fy_mul(iw, ih);
    let un = fy_sub(fy_add(fy_mul(wa, ha), fy_mul(wb, hb)), inter);
    let iou = fy_div0(inter, un);
    ${tail}
}`;
}

/** The box term of a responsible row: adds to `lossBox`, writes its gradient at `result[g … g+3]`. */
function boxCode(box: FusedHeadSpec['box']): string {
  if (box === 'sse-logit' || box === 'sse-sigmoid' || box === 'bce') {
    const xy =
      box === 'sse-logit'
        ? `lossBox += w * (t - goal) * (t - goal); result[g + i] = 2.0 * w * (t - goal);`
        : box === 'sse-sigmoid'
          ? `let s = fy_sigmoid(t); lossBox += w * (s - goal) * (s - goal);
             result[g + i] = 2.0 * w * (s - goal) * s * (1.0 - s);`
          : `lossBox += w * fy_bce(t, goal); result[g + i] = w * (fy_sigmoid(t) - goal);`;
    return `
    let w = table[e + 4];
    for (var i = 0; i < 4; i++) {
      let t = pred[o + i];
      let goal = table[e + i];
      if (i >= 2) {
        let wt = w * params[${PARAM.whScale}];
        lossBox += wt * (t - goal) * (t - goal);
        result[g + i] = 2.0 * wt * (t - goal);
      } else {
        ${xy}
      }
    }`;
  }
  return `
    let s = params[${PARAM.scaleXY}];
    let shift = params[${PARAM.scaleShift}];
    var x = fy_decode_offset(pred[o], 0, s, shift);
    var y = fy_decode_offset(pred[o + 1], 1, s, shift);
    x = fy_divc(fy_add(x, fy_c(f32(col))), f32(uniforms.gridW));
    y = fy_divc(fy_add(y, fy_c(f32(row))), f32(uniforms.gridH));
    let w = fy_decode_size(pred[o + 2], 2, anchorW);
    let h = fy_decode_size(pred[o + 3], 3, anchorH);
    var d = vec4<f32>(0.0);
    for (var l = 0; l < uniforms.layers; l++) {
      let weight = table[e + 5 * l + 4];
      if (weight == 0.0) { continue; }
      let t = vec4<f32>(table[e + 5 * l], table[e + 5 * l + 1], table[e + 5 * l + 2], table[e + 5 * l + 3]);
      let value = fy_iou_value(x, y, w, h, t);
      lossBox += weight * (1.0 - value.v);
      d -= weight * value.d;
    }
    for (var i = 0; i < 4; i++) { result[g + i] = d[i]; }`;
}

const EXP_CAP = MAX_SIZE_EXPONENT.toFixed(1);
const SIZE_CAP = MAX_BOX_SIZE.toFixed(1);

const decodeCode = /* wgsl */ `
fn fy_decode_offset(t: f32, i: i32, s: f32, shift: f32) -> FyDual {
  let sg = fy_sigmoid(t);
  var d = vec4<f32>(0.0);
  d[i] = sg * (1.0 - sg);
  let r = FyDual(sg, d);
  if (s == 1.0) { return r; }
  return fy_sub(fy_scale(r, s), fy_c(shift));
}
fn fy_decode_size(t: f32, i: i32, anchor: f32) -> FyDual {
  let e = exp(min(t, ${EXP_CAP}));
  var d = vec4<f32>(0.0);
  if (t <= ${EXP_CAP}) { d[i] = e * anchor; }
  return fy_min(FyDual(e * anchor, d), fy_c(${SIZE_CAP}));
}
`;

/** Lattice cell of an image coordinate along one axis, clamped (as `gt-index.ts`'s `binOf`). */
const binCode = /* wgsl */ `
fn fy_bin(v: f32, grid: i32) -> i32 {
  if (!(v > 0.0)) { return 0; }
  return clamp(i32(floor(v * f32(grid))), 0, grid - 1);
}
`;

/**
 * The ignore rule of a non-responsible row: sets `ignored`. Tests the GTs whose centre lies in
 * the row's window of lattice cells (`gt-index.ts`), every GT of the image where the spread is
 * negative or the box is outside the extents the window's error bound covers.
 */
function ignoreCode(spec: FusedHeadSpec): string {
  if (spec.ignore === 'none') return '';
  const box =
    spec.ignore === 'prior'
      ? `let bx = (f32(col) + 0.5) / f32(uniforms.gridW);
         let by = (f32(row) + 0.5) / f32(uniforms.gridH);
         let bw = anchorW;
         let bh = anchorH;`
      : `let s = params[${PARAM.scaleXY}];
         var ox = fy_sigmoid(pred[o]);
         var oy = fy_sigmoid(pred[o + 1]);
         let shift = params[${PARAM.scaleShift}];
         if (s != 1.0) { ox = ox * s - shift; oy = oy * s - shift; }
         let bx = (ox + f32(col)) / f32(uniforms.gridW);
         let by = (oy + f32(row)) / f32(uniforms.gridH);
         let bw = min(exp(min(pred[o + 2], ${EXP_CAP})) * anchorW, ${SIZE_CAP});
         let bh = min(exp(min(pred[o + 3], ${EXP_CAP})) * anchorH, ${SIZE_CAP});`;
  const gate = spec.classGate
    ? `if (ignored) {
         var open = false;
         for (var j = 0; j < c; j++) { if (pred[o + 5 + j] > params[${PARAM.gateLogit}]) { open = true; break; } }
         ignored = open;
       }`
    : '';
  return `
    ${box}
    let px1 = bx - bw * 0.5;
    let py1 = by - bh * 0.5;
    let px2 = bx + bw * 0.5;
    let py2 = by + bh * 0.5;
    let area = (px2 - px1) * (py2 - py1);
    let threshold = params[${PARAM.ignoreThreshold}];
    let grid = uniforms.gtGrid;
    let base = image * (grid * grid + 1);
    var x0 = 0;
    var x1 = grid - 1;
    var y0 = 0;
    var y1 = grid - 1;
    let spread = params[${PARAM.cullSpread}];
    let wa = px2 - px1;
    let ha = py2 - py1;
    if (spread >= 0.0 && wa >= ${CULL_MIN_EXTENT.toExponential()} && ha >= ${CULL_MIN_EXTENT.toExponential()}
        && wa <= ${CULL_MAX_EXTENT.toExponential()} && ha <= ${CULL_MAX_EXTENT.toExponential()}) {
      let rx = wa * spread + ${CULL_SLACK.toExponential()};
      let ry = ha * spread + ${CULL_SLACK.toExponential()};
      let cx = (px1 + px2) * 0.5;
      let cy = (py1 + py2) * 0.5;
      x0 = fy_bin(cx - rx, grid);
      x1 = fy_bin(cx + rx, grid);
      y0 = fy_bin(cy - ry, grid);
      y1 = fy_bin(cy + ry, grid);
    }
    for (var gy = y0; gy <= y1; gy++) {
      let first = base + gy * grid;
      let end = gtBins[first + x1 + 1];
      for (var gi = gtBins[first + x0]; gi < end; gi++) {
        let q = gi * 4;
        let iw = max(min(px2, gtBoxes[q + 2]) - max(px1, gtBoxes[q]), 0.0);
        let ih = max(min(py2, gtBoxes[q + 3]) - max(py1, gtBoxes[q + 1]), 0.0);
        let inter = iw * ih;
        let un = area + (gtBoxes[q + 2] - gtBoxes[q]) * (gtBoxes[q + 3] - gtBoxes[q + 1]) - inter;
        if (un != 0.0 && inter / un > threshold) { ignored = true; break; }
      }
      if (ignored) { break; }
    }
    ${gate}`;
}

/** User code of the forward program (`YoloAnchorHead`). */
export function forwardShader(spec: FusedHeadSpec): string {
  const iouBox = !['sse-logit', 'sse-sigmoid', 'bce'].includes(spec.box);
  return `${common}
${iouBox ? decodeCode + iouValueCode(spec.box) : ''}
${spec.ignore === 'none' ? '' : binCode}
fn main(index: i32) {
  // every buffer must be statically used, or auto layout drops its binding and the dispatch fails
  _ = gtBoxes[0];
  _ = gtBins[0];
  let r = index;
  let rows = uniforms.rows;
  if (r >= rows) { return; }
  let c = uniforms.numClasses;
  let o = r * (5 + c);
  let a = uniforms.numAnchors;
  let anchor = r % a;
  let cell = r / a;
  let col = cell % uniforms.gridW;
  let row = (cell / uniforms.gridW) % uniforms.gridH;
  let image = cell / (uniforms.gridW * uniforms.gridH);
  let anchorW = params[${PARAM.anchors} + 2 * anchor];
  let anchorH = params[${PARAM.anchors} + 2 * anchor + 1];
  let lambdaObj = params[${PARAM.lambdaObj}];
  let lambdaClass = params[${PARAM.lambdaClass}];
  // layout.ts: objectness gradients [rows], entry gradients [K, 5+C], then terms [4, rows]
  let terms = rows + uniforms.entries * (5 + c);
  let z = pred[o + 4];
  let k = slotIndex[r];
  var lossBox = 0.0;
  var lossObj = 0.0;
  var lossNoobj = 0.0;
  var lossCls = 0.0;
  if (k >= 0) {
    let e = k * (5 * uniforms.layers + c);
    let g = rows + k * (5 + c);
    lossObj = lambdaObj * fy_bce(z, 1.0);
    result[r] = lambdaObj * (fy_sigmoid(z) - 1.0);
    result[g + 4] = 0.0; // unused (the objectness gradient is at result[r]); written so the output is defined
    var cls = 0.0;
    for (var j = 0; j < c; j++) {
      let p = pred[o + 5 + j];
      let t = table[e + 5 * uniforms.layers + j];
      cls += fy_bce(p, t);
      result[g + 5 + j] = lambdaClass * (fy_sigmoid(p) - t);
    }
    lossCls = lambdaClass * cls;
    ${boxCode(spec.box)}
  } else {
    var ignored = false;
    ${ignoreCode(spec)}
    if (ignored) {
      result[r] = 0.0;
    } else {
      lossNoobj = lambdaObj * fy_bce(z, 0.0);
      result[r] = lambdaObj * fy_sigmoid(z);
    }
  }
  result[terms + r] = lossBox;
  result[terms + rows + r] = lossObj;
  result[terms + 2 * rows + r] = lossNoobj;
  result[terms + 3 * rows + r] = lossCls;
}`;
}

/**
 * User code of the backward program (`YoloAnchorHeadGrad`): one invocation per prediction,
 * `dx = g · dy[term]` from the forward output's compact gradients; 0 for the channels of a
 * non-responsible row that belong to no term.
 */
export function backwardShader(): string {
  return `
fn main(index: i32) {
  if (index >= uniforms.total) { return; }
  let ch = 5 + uniforms.numClasses;
  let r = index / ch;
  let j = index - r * ch;
  let k = slotIndex[r];
  var d = 0.0;
  if (j == 4) {
    d = forward[r] * select(dy[2], dy[1], k >= 0);
  } else if (k >= 0) {
    d = forward[uniforms.rows + k * ch + j] * select(dy[3], dy[0], j < 4);
  }
  result[index] = d;
}`;
}
