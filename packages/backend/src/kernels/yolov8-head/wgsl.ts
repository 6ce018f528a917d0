import {
  LEVEL_WIDTH,
  PARAM,
  YOLOV8_ASSIGNER_EPS as ASSIGNER_EPS,
  YOLOV8_CIOU_EPS as CIOU_EPS,
  YOLOV8_GT_WIDTH as GT_WIDTH,
  YOLOV8_IN_BOX_EPS as IN_BOX_EPS,
} from './spec.js';

/**
 * WGSL of the YOLOv8 kernels (tfjs-backend-webgpu programs: the backend supplies `result`, one
 * buffer per input name and `uniforms`; the user code defines `main(index)`). The forward kernel
 * runs five programs: the decode, each GT's top-k, each anchor's GT, each GT's normaliser and the
 * terms. The same arithmetic as `cpu-kernel.ts` and `ciou.ts` (see there for the conventions).
 */

const f32 = (v: number): string => {
  const s = v.toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
};

/** Where each part of the forward output starts (see `forwardLayout`). */
const offsets = /* wgsl */ `
fn OFF_boxGrad() -> i32 { return 0; }
fn OFF_dflGrad() -> i32 { return uniforms.rows * 4 * uniforms.regMax; }
fn OFF_clsGrad() -> i32 { return 2 * uniforms.rows * 4 * uniforms.regMax; }
fn OFF_terms() -> i32 { return OFF_clsGrad() + uniforms.rows * uniforms.numClasses; }
fn OFF_score() -> i32 { return OFF_terms() + 3 * uniforms.rows; }
`;

/** Row `r`'s output, image and cell, from the `levels` table. */
const rowPosition = /* wgsl */ `
struct V8Row { level: i32, image: i32, cell: i32, gridW: i32, stride: f32, anchor: i32 };
fn v8_row(r: i32) -> V8Row {
  var anchorBase = 0;
  var out = V8Row(0, 0, 0, 1, 1.0, 0);
  for (var l = 0; l < uniforms.numLevels; l++) {
    let gridH = levels[l * ${LEVEL_WIDTH}];
    let gridW = levels[l * ${LEVEL_WIDTH} + 1];
    let first = levels[l * ${LEVEL_WIDTH} + 3];
    let cells = gridH * gridW;
    if (r >= first && r < first + uniforms.batchSize * cells) {
      let image = (r - first) / cells;
      let cell = r - first - image * cells;
      out = V8Row(l, image, cell, gridW, f32(levels[l * ${LEVEL_WIDTH} + 2]), anchorBase + cell);
    }
    anchorBase += cells;
  }
  return out;
}
`;

const common = /* wgsl */ `
fn v8_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
fn v8_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (x <= 0.0) { return 0.0; }
  return pow(x, y);
}

// ultralytics' corner-form CIoU of boxes a and b (x1, y1, x2, y2), value only
fn v8_ciou(a: vec4<f32>, b: vec4<f32>) -> f32 {
  let w1 = a.z - a.x;
  let h1 = a.w - a.y + ${f32(CIOU_EPS)};
  let w2 = b.z - b.x;
  let h2 = b.w - b.y + ${f32(CIOU_EPS)};
  let iw = max(min(a.z, b.z) - max(a.x, b.x), 0.0);
  let ih = max(min(a.w, b.w) - max(a.y, b.y), 0.0);
  let inter = iw * ih;
  let un = w1 * h1 + w2 * h2 - inter + ${f32(CIOU_EPS)};
  let iou = inter / un;
  let cw = max(a.z, b.z) - min(a.x, b.x);
  let ch = max(a.w, b.w) - min(a.y, b.y);
  let c2 = cw * cw + ch * ch + ${f32(CIOU_EPS)};
  let dx = b.x + b.z - a.x - a.z;
  let dy = b.y + b.w - a.y - a.w;
  let rho2 = (dx * dx + dy * dy) / 4.0;
  let da = atan(w2 / h2) - atan(w1 / h1);
  let v = da * da * ${f32(4 / Math.PI ** 2)};
  let alpha = v / (v - iou + ${f32(1 + CIOU_EPS)});
  return iou - (rho2 / c2 + v * alpha);
}

// the anchor point (pixels) strictly inside the GT box
fn v8_inside(ax: f32, ay: f32, g: vec4<f32>) -> bool {
  return min(min(ax - g.x, ay - g.y), min(g.z - ax, g.w - ay)) > ${f32(IN_BOX_EPS)};
}

// the cells of one axis whose centre may lie inside (lo, hi), one wider each side
fn v8_cells(lo: f32, hi: f32, size: i32, s: f32) -> vec2<i32> {
  return vec2<i32>(max(0, i32(floor(lo / s - 0.5))), min(size - 1, i32(ceil(hi / s - 0.5))));
}
`;

/** Reads a GT row's corners (the program has a `gt` buffer). */
const gtRow = /* wgsl */ `
fn v8_gt(e: i32) -> vec4<f32> { return vec4<f32>(gt[e], gt[e + 1], gt[e + 2], gt[e + 3]); }
`;

/** A row's decoded box and its metric against a GT (the program has `pred`, `dist`, `gt`, `params`). */
const metric = /* wgsl */ `${gtRow}
// the decoded box of row r (anchor point px, py in grid units) times the stride: pixels
fn v8_pred_pixels(r: i32, px: f32, py: f32, s: f32) -> vec4<f32> {
  let d = vec4<f32>(dist[r * 4], dist[r * 4 + 1], dist[r * 4 + 2], dist[r * 4 + 3]);
  return vec4<f32>((px - d.x) * s, (py - d.y) * s, (px + d.z) * s, (py + d.w) * s);
}

// IoU and alignment of row r with GT e (label at e + 4)
fn v8_metric(r: i32, px: f32, py: f32, s: f32, e: i32) -> vec2<f32> {
  let overlap = max(v8_ciou(v8_gt(e), v8_pred_pixels(r, px, py, s)), 0.0);
  let label = i32(gt[e + 4]);
  let score = v8_sigmoid(pred[r * uniforms.ch + 4 * uniforms.regMax + label]);
  return vec2<f32>(overlap, v8_pow(score, params[${PARAM.alpha}]) * v8_pow(overlap, params[${PARAM.beta}]));
}
`;

/** Program 1: the expected distance of each row's side, one invocation per (row, side). */
export function decodeShader(): string {
  return `
fn main(index: i32) {
  if (index >= uniforms.rows * 4) { return; }
  let r = index / 4;
  let side = index - r * 4;
  let o = r * uniforms.ch + side * uniforms.regMax;
  var m = pred[o];
  for (var k = 1; k < uniforms.regMax; k++) { m = max(m, pred[o + k]); }
  var total = 0.0;
  for (var k = 0; k < uniforms.regMax; k++) { total += exp(pred[o + k] - m); }
  var e = 0.0;
  for (var k = 0; k < uniforms.regMax; k++) { e += f32(k) * (exp(pred[o + k] - m) / total); }
  result[index] = e;
}`;
}

/**
 * Program 2: each GT's top-k anchors by alignment (larger first, the lower anchor index on ties;
 * only alignments > 0), one invocation per (image, GT), `K = uniforms.topK`; the invocation sorts
 * in its own slice of the result: `result[((n·G + j)·K + i)·2]` is the i-th pick's anchor index
 * (−1 past the last), `+ 1` its alignment.
 */
export function topKShader(): string {
  return `${common}${metric}
fn main(index: i32) {
  if (index >= uniforms.batchSize * uniforms.maxBoxes) { return; }
  let K = uniforms.topK;
  let image = index / uniforms.maxBoxes;
  let e = index * ${GT_WIDTH};
  let base = index * K * 2;
  var count = 0;
  if (gt[e + 5] != 0.0) {
    let g = v8_gt(e);
    var anchorBase = 0;
    for (var l = 0; l < uniforms.numLevels; l++) {
      let gridH = levels[l * ${LEVEL_WIDTH}];
      let gridW = levels[l * ${LEVEL_WIDTH} + 1];
      let s = f32(levels[l * ${LEVEL_WIDTH} + 2]);
      let first = levels[l * ${LEVEL_WIDTH} + 3] + image * gridH * gridW;
      let cols = v8_cells(g.x, g.z, gridW, s);
      let rows = v8_cells(g.y, g.w, gridH, s);
      for (var row = rows.x; row <= rows.y; row++) {
        for (var col = cols.x; col <= cols.y; col++) {
          let px = f32(col) + 0.5;
          let py = f32(row) + 0.5;
          if (!v8_inside(px * s, py * s, g)) { continue; }
          let cell = row * gridW + col;
          let align = v8_metric(first + cell, px, py, s, e).y;
          if (align <= 0.0) { continue; }
          if (count == K && align <= result[base + (K - 1) * 2 + 1]) { continue; }
          // insert, keeping (align desc, key asc); keys arrive ascending, so ties stay behind
          var at = min(count, K - 1);
          loop {
            if (at == 0 || result[base + (at - 1) * 2 + 1] >= align) { break; }
            result[base + at * 2] = result[base + (at - 1) * 2];
            result[base + at * 2 + 1] = result[base + (at - 1) * 2 + 1];
            at--;
          }
          result[base + at * 2] = f32(anchorBase + cell);
          result[base + at * 2 + 1] = align;
          count = min(count + 1, K);
        }
      }
      anchorBase += gridH * gridW;
    }
  }
  for (var i = count; i < K; i++) {
    result[base + i * 2] = -1.0;
    result[base + i * 2 + 1] = 0.0;
  }
}`;
}

/**
 * Program 3: each row's GT — the GTs whose top-k holds it; several: the GT of largest IoU over
 * all GTs (the first on ties). `result[r·3 …]`: the GT (−1: background), the
 * pair's alignment and IoU.
 */
export function assignShader(): string {
  return `${common}${metric}${rowPosition}
fn main(index: i32) {
  if (index >= uniforms.rows) { return; }
  let r = index;
  let p = v8_row(r);
  let px = f32(p.cell % p.gridW) + 0.5;
  let py = f32(p.cell / p.gridW) + 0.5;
  let s = p.stride;
  var picks = 0;
  var pick = vec3<f32>(-1.0, 0.0, 0.0);
  // over all GTs: those not holding the anchor count with IoU 0, so GT 0 wins where all are 0
  var best = vec3<f32>(0.0, 0.0, 0.0);
  for (var j = 0; j < uniforms.maxBoxes; j++) {
    let n = p.image * uniforms.maxBoxes + j;
    let e = n * ${GT_WIDTH};
    if (gt[e + 5] == 0.0 || !v8_inside(px * s, py * s, v8_gt(e))) { continue; }
    let metric = v8_metric(r, px, py, s, e);
    if (j == 0 || metric.x > best.z) { best = vec3<f32>(f32(j), metric.y, metric.x); }
    for (var i = 0; i < uniforms.topK; i++) {
      let key = i32(topk[(n * uniforms.topK + i) * 2]);
      if (key < 0) { break; }
      if (key == p.anchor) {
        picks++;
        pick = vec3<f32>(f32(j), metric.y, metric.x);
        break;
      }
    }
  }
  var out = pick;
  if (picks > 1) { out = best; }
  result[r * 3] = out.x;
  result[r * 3 + 1] = out.y;
  result[r * 3 + 2] = out.z;
}`;
}

/** Program 4: each GT's largest alignment and IoU over its final anchors, one invocation per (image, GT). */
export function normShader(): string {
  return `${common}${gtRow}
fn main(index: i32) {
  if (index >= uniforms.batchSize * uniforms.maxBoxes) { return; }
  let image = index / uniforms.maxBoxes;
  let j = f32(index - image * uniforms.maxBoxes);
  let e = index * ${GT_WIDTH};
  var maxAlign = 0.0;
  var maxOverlap = 0.0;
  if (gt[e + 5] != 0.0) {
    let g = v8_gt(e);
    for (var l = 0; l < uniforms.numLevels; l++) {
      let gridH = levels[l * ${LEVEL_WIDTH}];
      let gridW = levels[l * ${LEVEL_WIDTH} + 1];
      let s = f32(levels[l * ${LEVEL_WIDTH} + 2]);
      let first = levels[l * ${LEVEL_WIDTH} + 3] + image * gridH * gridW;
      let cols = v8_cells(g.x, g.z, gridW, s);
      let rows = v8_cells(g.y, g.w, gridH, s);
      for (var row = rows.x; row <= rows.y; row++) {
        for (var col = cols.x; col <= cols.y; col++) {
          let r = first + row * gridW + col;
          if (assigned[r * 3] == j) {
            maxAlign = max(maxAlign, assigned[r * 3 + 1]);
            maxOverlap = max(maxOverlap, assigned[r * 3 + 2]);
          }
        }
      }
    }
  }
  result[index * 2] = maxAlign;
  result[index * 2 + 1] = maxOverlap;
}`;
}

/**
 * Program 5: each row's terms and gradients (one invocation per row): the class BCE against
 * `one-hot · score`, and on foreground rows the CIoU and DFL terms weighted by the score.
 */
export function termsShader(): string {
  return `${common}${gtRow}${rowPosition}${offsets}
struct V8Grad { v: f32, d: vec4<f32> };

// CIoU of a (derivatives) and the constant b, with d/d(a.x1, a.y1, a.x2, a.y2); a's edge on ties
fn v8_ciou_grad(a: vec4<f32>, b: vec4<f32>) -> V8Grad {
  let w1 = a.z - a.x;
  let h1 = a.w - a.y + ${f32(CIOU_EPS)};
  let w2 = b.z - b.x;
  let h2 = b.w - b.y + ${f32(CIOU_EPS)};
  let ix2a = a.z <= b.z;
  let ix1a = a.x >= b.x;
  let iy2a = a.w <= b.w;
  let iy1a = a.y >= b.y;
  let iwRaw = select(b.z, a.z, ix2a) - select(b.x, a.x, ix1a);
  let ihRaw = select(b.w, a.w, iy2a) - select(b.y, a.y, iy1a);
  let iw = max(iwRaw, 0.0);
  let ih = max(ihRaw, 0.0);
  let dIw = vec4<f32>(select(0.0, -1.0, iwRaw > 0.0 && ix1a), 0.0, select(0.0, 1.0, iwRaw > 0.0 && ix2a), 0.0);
  let dIh = vec4<f32>(0.0, select(0.0, -1.0, ihRaw > 0.0 && iy1a), 0.0, select(0.0, 1.0, ihRaw > 0.0 && iy2a));
  let inter = iw * ih;
  let dInter = dIw * ih + dIh * iw;
  let un = w1 * h1 + w2 * h2 - inter + ${f32(CIOU_EPS)};
  let dUn = vec4<f32>(-h1, -w1, h1, w1) - dInter;
  let iou = inter / un;
  let dIou = (dInter - iou * dUn) / un;
  let cx2a = a.z >= b.z;
  let cx1a = a.x <= b.x;
  let cy2a = a.w >= b.w;
  let cy1a = a.y <= b.y;
  let cw = select(b.z, a.z, cx2a) - select(b.x, a.x, cx1a);
  let ch = select(b.w, a.w, cy2a) - select(b.y, a.y, cy1a);
  let c2 = cw * cw + ch * ch + ${f32(CIOU_EPS)};
  let dC2 = vec4<f32>(select(0.0, -2.0 * cw, cx1a), select(0.0, -2.0 * ch, cy1a), select(0.0, 2.0 * cw, cx2a), select(0.0, 2.0 * ch, cy2a));
  let dx = b.x + b.z - a.x - a.z;
  let dy = b.y + b.w - a.y - a.w;
  let rho2 = (dx * dx + dy * dy) / 4.0;
  let dRho = vec4<f32>(-dx, -dy, -dx, -dy) * 0.5;
  let ratio = rho2 / c2;
  let dDist = (dRho - ratio * dC2) / c2;
  let u1 = w1 / h1;
  let da = atan(w2 / h2) - atan(u1);
  let v = da * da * ${f32(4 / Math.PI ** 2)};
  let alpha = v / (v - iou + ${f32(1 + CIOU_EPS)});
  let dvdu = ${f32(4 / Math.PI ** 2)} * 2.0 * da * (-1.0 / (1.0 + u1 * u1));
  let dvdw = dvdu / h1;
  let dvdh = dvdu * -w1 / (h1 * h1);
  let dv = vec4<f32>(-dvdw, -dvdh, dvdw, dvdh);
  return V8Grad(iou - (ratio + v * alpha), dIou - dDist - alpha * dv);
}

fn v8_log1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}

fn main(index: i32) {
  if (index >= uniforms.rows) { return; }
  let r = index;
  let rows = uniforms.rows;
  let M = uniforms.regMax;
  let C = uniforms.numClasses;
  let o = r * uniforms.ch;
  let p = v8_row(r);
  let j = i32(assigned[r * 3]);
  var s = 0.0;
  var label = -1;
  if (j >= 0) {
    let n = p.image * uniforms.maxBoxes + j;
    let norm = gtNorm[n * 2 + 1] / (gtNorm[n * 2] + ${f32(ASSIGNER_EPS)});
    s = assigned[r * 3 + 1] * norm;
    label = i32(gt[n * ${GT_WIDTH} + 4]);
  }
  result[OFF_score() + r] = s;
  var cls = 0.0;
  for (var k = 0; k < C; k++) {
    let z = pred[o + 4 * M + k];
    var t = 0.0;
    if (k == label) { t = s; }
    let pw = params[${PARAM.classPosWeight} + k];
    let softplus = v8_log1p(exp(-abs(z)));
    var value = 0.0;
    var slope = 0.0;
    if (pw == 1.0) {
      value = max(z, 0.0) - z * t + softplus;
      slope = v8_sigmoid(z) - t;
    } else {
      let lw = 1.0 + (pw - 1.0) * t;
      value = (1.0 - t) * z + lw * (softplus + max(-z, 0.0));
      slope = 1.0 - t - lw * v8_sigmoid(-z);
    }
    cls += value;
    result[OFF_clsGrad() + r * C + k] = slope;
  }
  result[OFF_terms() + rows + r] = cls;
  let at = r * 4 * M;
  if (!(s > 0.0)) {
    for (var k = 0; k < 4 * M; k++) {
      result[OFF_boxGrad() + at + k] = 0.0;
      result[OFF_dflGrad() + at + k] = 0.0;
    }
    result[OFF_terms() + r] = 0.0;
    result[OFF_terms() + 2 * rows + r] = 0.0;
    return;
  }
  let stride = p.stride;
  let e = (p.image * uniforms.maxBoxes + j) * ${GT_WIDTH};
  let tbox = v8_gt(e) / stride;
  let px = f32(p.cell % p.gridW) + 0.5;
  let py = f32(p.cell / p.gridW) + 0.5;
  let d = vec4<f32>(dist[r * 4], dist[r * 4 + 1], dist[r * 4 + 2], dist[r * 4 + 3]);
  let box = v8_ciou_grad(vec4<f32>(px - d.x, py - d.y, px + d.z, py + d.w), tbox);
  result[OFF_terms() + r] = (1.0 - box.v) * s;
  let sideGrad = vec4<f32>(s * box.d.x, s * box.d.y, -s * box.d.z, -s * box.d.w);
  let sides = vec4<f32>(px - tbox.x, py - tbox.y, tbox.z - px, tbox.w - py);
  var dfl = 0.0;
  for (var side = 0; side < 4; side++) {
    let base = o + side * M;
    var m = pred[base];
    for (var k = 1; k < M; k++) { m = max(m, pred[base + k]); }
    var total = 0.0;
    for (var k = 0; k < M; k++) { total += exp(pred[base + k] - m); }
    let logTotal = log(total);
    let tgt = min(max(sides[side], 0.0), params[${PARAM.dflClamp}]);
    let left = i32(floor(tgt));
    let wl = f32(left + 1) - tgt;
    let wr = 1.0 - wl;
    dfl -= wl * (pred[base + left] - m - logTotal) + wr * (pred[base + left + 1] - m - logTotal);
    for (var k = 0; k < M; k++) {
      let prob = exp(pred[base + k] - m) / total;
      result[OFF_boxGrad() + at + side * M + k] = sideGrad[side] * prob * (f32(k) - d[side]);
      var hot = 0.0;
      if (k == left) { hot = wl; }
      if (k == left + 1) { hot = wr; }
      result[OFF_dflGrad() + at + side * M + k] = (s / 4.0) * (prob * (wl + wr) - hot);
    }
  }
  result[OFF_terms() + 2 * rows + r] = dfl / 4.0 * s;
}`;
}

/** User code of the backward program (`Yolov8HeadGrad`): one invocation per raw output. */
export function backwardShader(): string {
  return `${offsets}
fn main(index: i32) {
  if (index >= uniforms.total) { return; }
  let ch = uniforms.ch;
  let M4 = 4 * uniforms.regMax;
  let r = index / ch;
  let k = index - r * ch;
  if (k < M4) {
    result[index] = forward[OFF_boxGrad() + r * M4 + k] * dy[0] + forward[OFF_dflGrad() + r * M4 + k] * dy[2];
  } else {
    result[index] = forward[OFF_clsGrad() + r * uniforms.numClasses + k - M4] * dy[1];
  }
}`;
}
