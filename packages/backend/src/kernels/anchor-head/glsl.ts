import { CIOU_ALPHA_EPS } from '../../numerics.js';
import { CULL_MAX_EXTENT, CULL_MIN_EXTENT, CULL_SLACK } from './gt-index.js';
import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './limits.js';
import { forwardLayout } from './layout.js';
import { tableWidth, TERM, type FusedHeadSpec } from './spec.js';
import { PARAM } from './wgsl.js';

/**
 * GLSL of the fused head kernels as tfjs-backend-webgl programs (`GPGPUProgram.userCode`: the
 * backend supplies `getOutputCoords()`, `setOutput(v)` and one sampler `get<Name>(…)` per input).
 * A fragment program writes one value per output texel and cannot scatter, so each texel of the
 * forward output (the `layout.ts` layout with one partial sum per row) computes its own value:
 * a row's objectness gradient (ignore rule included), one channel of a table entry's gradient
 * (`entryRows` names the entry's row), or one row's share of one term. Backward: one texel per
 * prediction. The arithmetic is `wgsl.ts`'s (and `cpu-kernel.ts`'s / `dual-box.ts`'s, see there
 * for the kink conventions); the layout constants are compiled in (one program per head shape).
 */

/** The forward program's compile-time constants: the head's spec, the table's layout and `K`. */
export interface GlslForwardShape {
  spec: FusedHeadSpec;
  /** `N·H·W·A`. */
  rows: number;
  /** Box groups per table entry. */
  layers: number;
  /** `K`, rows of the packed table. */
  entries: number;
  /** `GroundTruthIndex.grid`. */
  gtGrid: number;
}

/** A float literal that GLSL parses to the same float32 (9 significant digits, always with a point or exponent). */
function float(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const EXP_CAP = float(MAX_SIZE_EXPONENT);
const SIZE_CAP = float(MAX_BOX_SIZE);

const common = /* glsl */ `
struct FyDual { float v; vec4 d; };
FyDual fy_c(float v) { return FyDual(v, vec4(0.0)); }
FyDual fy_add(FyDual a, FyDual b) { return FyDual(a.v + b.v, a.d + b.d); }
FyDual fy_sub(FyDual a, FyDual b) { return FyDual(a.v - b.v, a.d - b.d); }
FyDual fy_scale(FyDual a, float s) { return FyDual(a.v * s, a.d * s); }
FyDual fy_divc(FyDual a, float s) { return FyDual(a.v / s, a.d / s); }
FyDual fy_mul(FyDual a, FyDual b) { return FyDual(a.v * b.v, a.d * b.v + b.d * a.v); }
FyDual fy_min(FyDual a, FyDual b) { if (a.v <= b.v) { return a; } return b; }
FyDual fy_max(FyDual a, FyDual b) { if (a.v >= b.v) { return a; } return b; }
FyDual fy_relu(FyDual a) { if (a.v > 0.0) { return a; } return fy_c(0.0); }
FyDual fy_div0(FyDual a, FyDual b) {
  if (b.v == 0.0) { return fy_c(0.0); }
  float q = a.v / b.v;
  return FyDual(q, (a.d - q * b.d) / b.v);
}
FyDual fy_angle(FyDual w, FyDual h) {
  FyDual hh = h;
  if (w.v * w.v + h.v * h.v == 0.0) { hh = fy_c(1.0); }
  float r = w.v * w.v + hh.v * hh.v;
  return FyDual(atan(w.v, hh.v), (hh.v * w.d - w.v * hh.d) / r);
}
float fy_sigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }
float fy_log1p(float x) {
  float u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
float fy_bce(float z, float t) { return max(z, 0.0) - z * t + fy_log1p(exp(-abs(z))); }
int fy_int(float v) { return int(floor(v + 0.5)); }
`;

/** Where row `r` sits: image, grid row and column, anchor. */
const rowCode = /* glsl */ `
struct FyRow { int image; int row; int col; int anchor; };
FyRow fy_row(int r) {
  int cell = r / NUM_ANCHORS;
  int rowc = cell / GRID_W;
  return FyRow(rowc / GRID_H, rowc - (rowc / GRID_H) * GRID_H, cell - rowc * GRID_W, r - cell * NUM_ANCHORS);
}
float fy_pred(FyRow p, int j) { return getPred(p.image, p.row, p.col, p.anchor * CH + j); }
`;

/** `fy_iou_value`: the IoU-family member `kind` of the decoded box and a target `xywh`, with its gradient. */
function iouValueCode(kind: FusedHeadSpec['box']): string {
  const giou = `
  FyDual cw = fy_sub(fy_max(ax2, bx2), fy_min(ax1, bx1));
  FyDual ch = fy_sub(fy_max(ay2, by2), fy_min(ay1, by1));
  FyDual area = fy_mul(cw, ch);
  return fy_sub(iou, fy_div0(fy_sub(area, un), area));`;
  const diou = `
  FyDual cw = fy_sub(fy_max(ax2, bx2), fy_min(ax1, bx1));
  FyDual ch = fy_sub(fy_max(ay2, by2), fy_min(ay1, by1));
  FyDual diag = fy_add(fy_mul(cw, cw), fy_mul(ch, ch));
  FyDual dx = fy_sub(fy_scale(fy_add(ax1, ax2), 0.5), fy_scale(fy_add(bx1, bx2), 0.5));
  FyDual dy = fy_sub(fy_scale(fy_add(ay1, ay2), 0.5), fy_scale(fy_add(by1, by2), 0.5));
  FyDual value = fy_sub(iou, fy_div0(fy_add(fy_mul(dx, dx), fy_mul(dy, dy)), diag));`;
  const ciou = `${diou}
  FyDual da = fy_sub(fy_angle(wb, hb), fy_angle(wa, ha));
  FyDual v = fy_scale(fy_mul(da, da), ${float(4 / (Math.PI * Math.PI))});
  float den = 1.0 - iou.v + v.v + ${float(CIOU_ALPHA_EPS)};
  float alpha = 0.0;
  if (den != 0.0) { alpha = v.v / den; }
  return fy_sub(value, fy_scale(v, alpha));`;
  const tail =
    kind === 'iou' ? 'return iou;' : kind === 'giou' ? giou : kind === 'diou' ? `${diou}\n  return value;` : ciou;
  return `
FyDual fy_iou_value(FyDual x, FyDual y, FyDual w, FyDual h, vec4 t) {
  FyDual ax1 = fy_sub(x, fy_scale(w, 0.5));
  FyDual ay1 = fy_sub(y, fy_scale(h, 0.5));
  FyDual ax2 = fy_add(x, fy_scale(w, 0.5));
  FyDual ay2 = fy_add(y, fy_scale(h, 0.5));
  FyDual bx1 = fy_c(t.x - t.z * 0.5);
  FyDual by1 = fy_c(t.y - t.w * 0.5);
  FyDual bx2 = fy_c(t.x + t.z * 0.5);
  FyDual by2 = fy_c(t.y + t.w * 0.5);
  FyDual wa = fy_sub(ax2, ax1);
  FyDual ha = fy_sub(ay2, ay1);
  FyDual wb = fy_sub(bx2, bx1);
  FyDual hb = fy_sub(by2, by1);
  FyDual iw = fy_relu(fy_sub(fy_min(ax2, bx2), fy_max(ax1, bx1)));
  FyDual ih = fy_relu(fy_sub(fy_min(ay2, by2), fy_max(ay1, by1)));
  FyDual inter = fy_mul(iw, ih);
  FyDual un = fy_sub(fy_add(fy_mul(wa, ha), fy_mul(wb, hb)), inter);
  FyDual iou = fy_div0(inter, un);
  ${tail}
}`;
}

const decodeCode = /* glsl */ `
FyDual fy_decode_offset(float t, int i, float s, float shift) {
  float sg = fy_sigmoid(t);
  vec4 d = vec4(0.0);
  d[i] = sg * (1.0 - sg);
  FyDual r = FyDual(sg, d);
  if (s == 1.0) { return r; }
  return fy_sub(fy_scale(r, s), fy_c(shift));
}
FyDual fy_decode_size(float t, int i, float anchor) {
  float e = exp(min(t, ${EXP_CAP}));
  vec4 d = vec4(0.0);
  if (t <= ${EXP_CAP}) { d[i] = e * anchor; }
  return fy_min(FyDual(e * anchor, d), fy_c(${SIZE_CAP}));
}
`;

/**
 * The box term of a responsible row (table entry starting at `e`): `FyDual(loss, ∂loss/∂t)`, its
 * value and its gradient with respect to the four raw box channels.
 */
function boxTermCode(box: FusedHeadSpec['box']): string {
  if (box === 'sse-logit' || box === 'sse-sigmoid' || box === 'bce') {
    const xy =
      box === 'sse-logit'
        ? `loss += w * (t - goal) * (t - goal); d[i] = 2.0 * w * (t - goal);`
        : box === 'sse-sigmoid'
          ? `float s = fy_sigmoid(t); loss += w * (s - goal) * (s - goal); d[i] = 2.0 * w * (s - goal) * s * (1.0 - s);`
          : `loss += w * fy_bce(t, goal); d[i] = w * (fy_sigmoid(t) - goal);`;
    return `
FyDual fy_box_term(FyRow p, int e) {
  float w = getTable(e + 4);
  float loss = 0.0;
  vec4 d = vec4(0.0);
  for (int i = 0; i < 4; i++) {
    float t = fy_pred(p, i);
    float goal = getTable(e + i);
    if (i >= 2) {
      float wt = w * getParams(${PARAM.whScale});
      loss += wt * (t - goal) * (t - goal);
      d[i] = 2.0 * wt * (t - goal);
    } else {
      ${xy}
    }
  }
  return FyDual(loss, d);
}`;
  }
  return `${decodeCode}${iouValueCode(box)}
FyDual fy_box_term(FyRow p, int e) {
  float s = getParams(${PARAM.scaleXY});
  float shift = getParams(${PARAM.scaleShift});
  FyDual x = fy_decode_offset(fy_pred(p, 0), 0, s, shift);
  FyDual y = fy_decode_offset(fy_pred(p, 1), 1, s, shift);
  x = fy_divc(fy_add(x, fy_c(float(p.col))), float(GRID_W));
  y = fy_divc(fy_add(y, fy_c(float(p.row))), float(GRID_H));
  FyDual w = fy_decode_size(fy_pred(p, 2), 2, getParams(${PARAM.anchors} + 2 * p.anchor));
  FyDual h = fy_decode_size(fy_pred(p, 3), 3, getParams(${PARAM.anchors} + 2 * p.anchor + 1));
  float loss = 0.0;
  vec4 d = vec4(0.0);
  for (int l = 0; l < LAYERS; l++) {
    float weight = getTable(e + 5 * l + 4);
    if (weight == 0.0) { continue; }
    vec4 t = vec4(getTable(e + 5 * l), getTable(e + 5 * l + 1), getTable(e + 5 * l + 2), getTable(e + 5 * l + 3));
    FyDual value = fy_iou_value(x, y, w, h, t);
    loss += weight * (1.0 - value.v);
    d -= weight * value.d;
  }
  return FyDual(loss, d);
}`;
}

/**
 * The ignore rule of a non-responsible row (`fy_ignored`): its box (prior or decoded
 * prediction) against the GTs of its image whose centre lies in the row's window of lattice
 * cells (`gt-index.ts`; every GT where the spread is negative or the box is outside the extents
 * the window's error bound covers), IoU `> ignoreThreshold`, then Darknet's class gate.
 */
function ignoreCode(spec: FusedHeadSpec): string {
  if (spec.ignore === 'none') return 'bool fy_ignored(FyRow p) { return false; }';
  const box =
    spec.ignore === 'prior'
      ? `float bx = (float(p.col) + 0.5) / float(GRID_W);
  float by = (float(p.row) + 0.5) / float(GRID_H);
  float bw = anchorW;
  float bh = anchorH;`
      : `float s = getParams(${PARAM.scaleXY});
  float ox = fy_sigmoid(fy_pred(p, 0));
  float oy = fy_sigmoid(fy_pred(p, 1));
  float shift = getParams(${PARAM.scaleShift});
  if (s != 1.0) { ox = ox * s - shift; oy = oy * s - shift; }
  float bx = (ox + float(p.col)) / float(GRID_W);
  float by = (oy + float(p.row)) / float(GRID_H);
  float bw = min(exp(min(fy_pred(p, 2), ${EXP_CAP})) * anchorW, ${SIZE_CAP});
  float bh = min(exp(min(fy_pred(p, 3), ${EXP_CAP})) * anchorH, ${SIZE_CAP});`;
  const gate = spec.classGate
    ? `
  for (int j = 0; j < NUM_CLASSES; j++) {
    if (fy_pred(p, 5 + j) > getParams(${PARAM.gateLogit})) { return true; }
  }
  return false;`
    : 'return true;';
  return `
// clamped as a float first: GLSL's int() of a float past 2^31 is undefined (a window of 1e10 cells)
int fy_bin(float v) {
  if (!(v > 0.0)) { return 0; }
  return int(floor(min(v * float(GT_GRID), float(GT_GRID - 1))));
}
bool fy_overlaps(FyRow p) {
  float anchorW = getParams(${PARAM.anchors} + 2 * p.anchor);
  float anchorH = getParams(${PARAM.anchors} + 2 * p.anchor + 1);
  ${box}
  float px1 = bx - bw * 0.5;
  float py1 = by - bh * 0.5;
  float px2 = bx + bw * 0.5;
  float py2 = by + bh * 0.5;
  float area = (px2 - px1) * (py2 - py1);
  float threshold = getParams(${PARAM.ignoreThreshold});
  int base = p.image * (GT_GRID * GT_GRID + 1);
  int x0 = 0;
  int x1 = GT_GRID - 1;
  int y0 = 0;
  int y1 = GT_GRID - 1;
  float spread = getParams(${PARAM.cullSpread});
  float wa = px2 - px1;
  float ha = py2 - py1;
  if (spread >= 0.0 && wa >= ${float(CULL_MIN_EXTENT)} && ha >= ${float(CULL_MIN_EXTENT)}
      && wa <= ${float(CULL_MAX_EXTENT)} && ha <= ${float(CULL_MAX_EXTENT)}) {
    float rx = wa * spread + ${float(CULL_SLACK)};
    float ry = ha * spread + ${float(CULL_SLACK)};
    float cx = (px1 + px2) * 0.5;
    float cy = (py1 + py2) * 0.5;
    x0 = fy_bin(cx - rx);
    x1 = fy_bin(cx + rx);
    y0 = fy_bin(cy - ry);
    y1 = fy_bin(cy + ry);
  }
  for (int gy = y0; gy <= y1; gy++) {
    int first = base + gy * GT_GRID;
    int end = fy_int(getGtBins(first + x1 + 1));
    for (int gi = fy_int(getGtBins(first + x0)); gi < end; gi++) {
      int q = gi * 4;
      float gx1 = getGtBoxes(q);
      float gy1 = getGtBoxes(q + 1);
      float gx2 = getGtBoxes(q + 2);
      float gy2 = getGtBoxes(q + 3);
      float iw = max(min(px2, gx2) - max(px1, gx1), 0.0);
      float ih = max(min(py2, gy2) - max(py1, gy1), 0.0);
      float inter = iw * ih;
      float un = area + (gx2 - gx1) * (gy2 - gy1) - inter;
      if (un != 0.0 && inter / un > threshold) { return true; }
    }
  }
  return false;
}
bool fy_ignored(FyRow p) {
  if (!fy_overlaps(p)) { return false; }
  ${gate}
}`;
}

/** User code of the forward program (`YoloAnchorHead`), one texel per value of the {@link forwardLayout}. */
export function forwardGlsl({ spec, rows, layers, entries, gtGrid }: GlslForwardShape): string {
  const c = spec.numClasses;
  const layout = forwardLayout(rows, entries, c, rows);
  return `
const int ROWS = ${rows};
const int GRID_W = ${spec.gridW};
const int GRID_H = ${spec.gridH};
const int NUM_ANCHORS = ${spec.numAnchors};
const int NUM_CLASSES = ${c};
const int CH = ${5 + c};
const int LAYERS = ${layers};
const int TABLE_W = ${tableWidth(layers, c)};
const int GT_GRID = ${gtGrid};
const int ENTRIES_AT = ${layout.entries};
const int TERMS_AT = ${layout.terms};
${common}
${rowCode}
${boxTermCode(spec.box)}
${ignoreCode(spec)}

// d(obj or noobj)/dz of row r (0 where ignored)
float fy_obj_grad(int r) {
  FyRow p = fy_row(r);
  float z = fy_pred(p, 4);
  float lambdaObj = getParams(${PARAM.lambdaObj});
  if (fy_int(getSlotIndex(r)) >= 0) { return lambdaObj * (fy_sigmoid(z) - 1.0); }
  if (fy_ignored(p)) { return 0.0; }
  return lambdaObj * fy_sigmoid(z);
}

// channel j of table entry k's gradient: box (w.r.t. box), 0 at objectness, classes (w.r.t. cls)
float fy_entry_grad(int k, int j) {
  int r = fy_int(getEntryRows(k));
  if (r < 0 || j == 4) { return 0.0; }
  FyRow p = fy_row(r);
  int e = k * TABLE_W;
  if (j >= 5) {
    return getParams(${PARAM.lambdaClass}) * (fy_sigmoid(fy_pred(p, j)) - getTable(e + 5 * LAYERS + j - 5));
  }
  return fy_box_term(p, e).d[j];
}

// row r's share of term t (box, obj, noobj, cls)
float fy_term(int t, int r) {
  int k = fy_int(getSlotIndex(r));
  FyRow p = fy_row(r);
  if (t == ${TERM.noobj}) {
    if (k >= 0 || fy_ignored(p)) { return 0.0; }
    return getParams(${PARAM.lambdaObj}) * fy_bce(fy_pred(p, 4), 0.0);
  }
  if (k < 0) { return 0.0; }
  int e = k * TABLE_W;
  if (t == ${TERM.obj}) { return getParams(${PARAM.lambdaObj}) * fy_bce(fy_pred(p, 4), 1.0); }
  if (t == ${TERM.box}) { return fy_box_term(p, e).v; }
  float cls = 0.0;
  for (int j = 0; j < NUM_CLASSES; j++) { cls += fy_bce(fy_pred(p, 5 + j), getTable(e + 5 * LAYERS + j)); }
  return getParams(${PARAM.lambdaClass}) * cls;
}

void main() {
  int index = getOutputCoords();
  float value;
  if (index < ENTRIES_AT) {
    value = fy_obj_grad(index);
  } else if (index < TERMS_AT) {
    int k = (index - ENTRIES_AT) / CH;
    value = fy_entry_grad(k, index - ENTRIES_AT - k * CH);
  } else {
    int t = (index - TERMS_AT) / ROWS;
    value = fy_term(t, index - TERMS_AT - t * ROWS);
  }
  setOutput(value);
}`;
}

/**
 * User code of the backward program (`YoloAnchorHeadGrad`): one texel per prediction of the
 * gradient, computed as `[N·H·W, A·(5+C)]` (a texture of that shape: its coordinates come from the
 * texel's position without the divisions of a 4-D index), `dx = g · dy[term]` from the forward
 * output's compact gradients; 0 for the channels of a non-responsible row that belong to no term.
 *
 * @param rows - `N·H·W·A`.
 * @param dyUniform - whether tfjs passes `dy` as a uniform array (a host-side `[4]`), not a texture.
 */
export function backwardGlsl(rows: number, numAnchors: number, numClasses: number, dyUniform: boolean): string {
  // a uniform array is indexed directly: tfjs's sampler of one loops over it
  const dy = (term: number): string => (dyUniform ? `dy[${term}]` : `getDy(${term})`);
  return `
const int CH = ${5 + numClasses};
const int NUM_ANCHORS = ${numAnchors};
const int ENTRIES_AT = ${rows};
int fy_int(float v) { return int(floor(v + 0.5)); }
void main() {
  ivec2 o = getOutputCoords();
  // channel o.y = a·CH + j: a few subtractions instead of a division
  int a = 0;
  int j = o.y;
  for (int i = 1; i < NUM_ANCHORS; i++) {
    if (j >= CH) { j -= CH; a += 1; }
  }
  int r = o.x * NUM_ANCHORS + a;
  int k = fy_int(getSlotIndex(r));
  float d = 0.0;
  if (j == 4) {
    d = getForward(r) * (k >= 0 ? ${dy(TERM.obj)} : ${dy(TERM.noobj)});
  } else if (k >= 0) {
    d = getForward(ENTRIES_AT + k * CH + j) * (j < 4 ? ${dy(TERM.box)} : ${dy(TERM.cls)});
  }
  setOutput(d);
}`;
}
