import { CIOU_ALPHA_EPS } from '../../numerics.js';
import {
  PARAM,
  YOLOV5_CIOU_EPS as CIOU_EPS,
  YOLOV5_FOCAL_ALPHA as FOCAL_ALPHA,
  YOLOV5_FOCAL_FLOOR as FOCAL_FLOOR,
  YOLOV5_TABLE_WIDTH as TABLE_WIDTH,
} from './spec.js';

/**
 * WGSL of the YOLOv5 level kernels (tfjs-backend-webgpu programs: the backend supplies `result`,
 * one buffer per input name and `uniforms`; the user code defines `main(index)`). The same
 * arithmetic as `cpu-kernel.ts` and `ciou-dual.ts` (see there for the kink conventions).
 */

const f32 = (v: number): string => {
  const s = v.toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
};

const common = /* wgsl */ `
struct V5Dual { v: f32, d: vec4<f32> };
fn v5_c(v: f32) -> V5Dual { return V5Dual(v, vec4<f32>(0.0)); }
fn v5_add(a: V5Dual, b: V5Dual) -> V5Dual { return V5Dual(a.v + b.v, a.d + b.d); }
fn v5_sub(a: V5Dual, b: V5Dual) -> V5Dual { return V5Dual(a.v - b.v, a.d - b.d); }
fn v5_scale(a: V5Dual, s: f32) -> V5Dual { return V5Dual(a.v * s, a.d * s); }
fn v5_mul(a: V5Dual, b: V5Dual) -> V5Dual { return V5Dual(a.v * b.v, a.d * b.v + b.d * a.v); }
fn v5_min(a: V5Dual, b: V5Dual) -> V5Dual { if (a.v <= b.v) { return a; } return b; }
fn v5_max(a: V5Dual, b: V5Dual) -> V5Dual { if (a.v >= b.v) { return a; } return b; }
fn v5_relu(a: V5Dual) -> V5Dual { if (a.v > 0.0) { return a; } return v5_c(0.0); }
fn v5_div0(a: V5Dual, b: V5Dual) -> V5Dual {
  if (b.v == 0.0) { return v5_c(0.0); }
  let q = a.v / b.v;
  return V5Dual(q, (a.d - q * b.d) / b.v);
}
fn v5_angle(w: V5Dual, h: V5Dual) -> V5Dual {
  var hh = h;
  if (w.v * w.v + h.v * h.v == 0.0) { hh = v5_c(1.0); }
  let r = w.v * w.v + hh.v * hh.v;
  return V5Dual(atan2(w.v, hh.v), (hh.v * w.d - w.v * hh.d) / r);
}
fn v5_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn v5_log1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
fn v5_bce(z: f32, t: f32) -> f32 { return max(z, 0.0) - z * t + v5_log1p(exp(-abs(z))); }

// BCE with pos_weight, then the focal factor for gamma > 0: (value, d value / d z)
fn v5_bce_term(z: f32, y: f32, posWeight: f32, gamma: f32) -> vec2<f32> {
  let s = v5_sigmoid(z);
  var value = v5_bce(z, y);
  var slope = s - y;
  if (posWeight != 1.0) {
    value += (posWeight - 1.0) * y * v5_bce(z, 1.0);
    slope += (posWeight - 1.0) * y * (s - 1.0);
  }
  if (gamma > 0.0) {
    let pt = y * s + (1.0 - y) * (1.0 - s);
    let alpha = y * ${f32(FOCAL_ALPHA)} + (1.0 - y) * ${f32(1 - FOCAL_ALPHA)};
    let raw = 1.0 - pt;
    let m = max(raw, ${f32(FOCAL_FLOOR)});
    let modulation = pow(m, gamma);
    var dm = 0.0;
    if (raw >= ${f32(FOCAL_FLOOR)}) { dm = -(2.0 * y - 1.0) * s * (1.0 - s); }
    slope = alpha * (slope * modulation + value * gamma * pow(m, gamma - 1.0) * dm);
    value = value * alpha * modulation;
  }
  return vec2<f32>(value, slope);
}

// decoded box (2σ − ½, (2σ)²·anchor) of the positive at table entry e vs its target: CIoU and d/dt
fn v5_ciou(o: i32, e: i32) -> V5Dual {
  var x = v5_c(0.0);
  var y = v5_c(0.0);
  var w = v5_c(0.0);
  var h = v5_c(0.0);
  for (var i = 0; i < 4; i++) {
    let s = v5_sigmoid(pred[o + i]);
    var d = vec4<f32>(0.0);
    if (i < 2) {
      d[i] = 2.0 * s * (1.0 - s);
      let r = V5Dual(2.0 * s - 0.5, d);
      if (i == 0) { x = r; } else { y = r; }
    } else {
      d[i] = 2.0 * (2.0 * s) * 2.0 * s * (1.0 - s);
      let r = v5_mul(V5Dual((2.0 * s) * (2.0 * s), d), v5_c(table[e + i + 2]));
      if (i == 2) { w = r; } else { h = r; }
    }
  }
  let ax1 = v5_sub(x, v5_scale(w, 0.5));
  let ay1 = v5_sub(y, v5_scale(h, 0.5));
  let ax2 = v5_add(x, v5_scale(w, 0.5));
  let ay2 = v5_add(y, v5_scale(h, 0.5));
  let bx1 = v5_c(table[e] - table[e + 2] * 0.5);
  let by1 = v5_c(table[e + 1] - table[e + 3] * 0.5);
  let bx2 = v5_c(table[e] + table[e + 2] * 0.5);
  let by2 = v5_c(table[e + 1] + table[e + 3] * 0.5);
  let wa = v5_sub(ax2, ax1);
  let ha = v5_sub(ay2, ay1);
  let wb = v5_sub(bx2, bx1);
  let hb = v5_sub(by2, by1);
  let iw = v5_relu(v5_sub(v5_min(ax2, bx2), v5_max(ax1, bx1)));
  let ih = v5_relu(v5_sub(v5_min(ay2, by2), v5_max(ay1, by1)));
  let inter = v5_mul(iw, ih);
  let un = v5_sub(v5_add(v5_mul(wa, ha), v5_mul(wb, hb)), inter);
  let iou = v5_div0(inter, v5_add(un, v5_c(${f32(CIOU_EPS)})));
  let cw = v5_sub(v5_max(ax2, bx2), v5_min(ax1, bx1));
  let ch = v5_sub(v5_max(ay2, by2), v5_min(ay1, by1));
  let diag = v5_add(v5_add(v5_mul(cw, cw), v5_mul(ch, ch)), v5_c(${f32(CIOU_EPS)}));
  let dx = v5_sub(v5_scale(v5_add(ax1, ax2), 0.5), v5_scale(v5_add(bx1, bx2), 0.5));
  let dy = v5_sub(v5_scale(v5_add(ay1, ay2), 0.5), v5_scale(v5_add(by1, by2), 0.5));
  let diou = v5_sub(iou, v5_div0(v5_add(v5_mul(dx, dx), v5_mul(dy, dy)), diag));
  let da = v5_sub(v5_angle(wb, hb), v5_angle(wa, ha));
  let v = v5_scale(v5_mul(da, da), ${f32(4 / (Math.PI * Math.PI))});
  let den = 1.0 - iou.v + v.v + ${f32(CIOU_ALPHA_EPS)};
  var alpha = 0.0;
  if (den != 0.0) { alpha = v.v / den; }
  return v5_sub(diou, v5_scale(v, alpha));
}
`;

/** User code of the forward program (`Yolov5Level`): one invocation per row. */
export function forwardShader(): string {
  return `${common}
fn main(index: i32) {
  let r = index;
  let rows = uniforms.rows;
  if (r >= rows) { return; }
  let c = uniforms.numClasses;
  let o = r * (5 + c);
  let terms = rows * (5 + c);
  let boxScale = params[${PARAM.boxScale}];
  let clsScale = params[${PARAM.clsScale}];
  let objScale = params[${PARAM.objScale}];
  let gr = params[${PARAM.objIouRatio}];
  let gamma = params[${PARAM.focalGamma}];
  let kBegin = rowStart[r];
  let kEnd = rowStart[r + 1];
  var lossBox = 0.0;
  var lossCls = 0.0;
  var objTarget = 0.0;
  if (kEnd > kBegin) {
    var g = vec4<f32>(0.0);
    var lastIou = 0.0;
    for (var k = kBegin; k < kEnd; k++) {
      let value = v5_ciou(o, k * ${TABLE_WIDTH});
      lossBox += 1.0 - value.v;
      g -= value.d;
      lastIou = value.v;
    }
    for (var i = 0; i < 4; i++) { result[o + i] = boxScale * g[i]; }
    for (var j = 0; j < c; j++) {
      var gj = 0.0;
      if (c > 1) {
        for (var k = kBegin; k < kEnd; k++) {
          var yj = params[${PARAM.classOff}];
          if (i32(table[k * ${TABLE_WIDTH} + 6]) == j) { yj = params[${PARAM.classOn}]; }
          let bt = v5_bce_term(pred[o + 5 + j], yj, params[${PARAM.classPosWeight} + j], gamma);
          lossCls += bt.x;
          gj += bt.y;
        }
      }
      result[o + 5 + j] = clsScale * gj;
    }
    objTarget = 1.0 - gr + gr * max(lastIou, 0.0);
  } else {
    for (var i = 0; i < 4; i++) { result[o + i] = 0.0; }
    for (var j = 0; j < c; j++) { result[o + 5 + j] = 0.0; }
  }
  let bt = v5_bce_term(pred[o + 4], objTarget, params[${PARAM.objPosWeight}], gamma);
  result[o + 4] = objScale * bt.y;
  result[terms + r] = boxScale * lossBox;
  result[terms + rows + r] = select(0.0, objScale * bt.x, kEnd > kBegin);
  result[terms + 2 * rows + r] = select(objScale * bt.x, 0.0, kEnd > kBegin);
  result[terms + 3 * rows + r] = clsScale * lossCls;
}`;
}

/** User code of the backward program (`Yolov5LevelGrad`): one invocation per prediction. */
export function backwardShader(): string {
  return `
fn main(index: i32) {
  if (index >= uniforms.total) { return; }
  let ch = 5 + uniforms.numClasses;
  let r = index / ch;
  let j = index - r * ch;
  let positive = rowStart[r + 1] > rowStart[r];
  var d = 0.0;
  if (j == 4) {
    d = select(dy[2], dy[1], positive);
  } else if (positive) {
    d = select(dy[3], dy[0], j < 4);
  }
  result[index] = forward[index] * d;
}`;
}
