/**
 * WGSL shared by the fused one-head programs (tfjs-backend-webgpu user code: the backend declares
 * `result`, one buffer per input name and `uniforms`; the program defines `main(index)`). The
 * arithmetic follows tfjs-webgpu's own kernels op for op (its `sigmoid`, `relu`, and geometry's
 * IoU as separate float32 operations), so ties and thresholds fall as in the composed ops.
 */
export const gridHeadCommon = /* wgsl */ `
fn gh_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-1.0 * x)); }
fn gh_relu(x: f32) -> f32 { return select(x, 0.0, x < 0.0); }
fn gh_corners(x: f32, y: f32, w: f32, h: f32) -> vec4<f32> {
  let hw = w * 0.5;
  let hh = h * 0.5;
  return vec4<f32>(x - hw, y - hh, x + hw, y + hh);
}
fn gh_iou(a: vec4<f32>, b: vec4<f32>) -> f32 {
  let aw = a.z - a.x;
  let ah = a.w - a.y;
  let bw = b.z - b.x;
  let bh = b.w - b.y;
  let iw = gh_relu(min(a.z, b.z) - max(a.x, b.x));
  let ih = gh_relu(min(a.w, b.w) - max(a.y, b.y));
  let inter = iw * ih;
  let areas = aw * ah + bw * bh;
  let un = areas - inter;
  if (un == 0.0) { return 0.0; }
  return inter / un;
}
`;

/**
 * The softmax class terms of a row whose `C` logits start at `c0` and targets at `t0` in `table`:
 * sets `cls` and writes the gradients into `result` (first holding `p̂` there). `'sse'`: `Σ (p̂ − t)²`;
 * `'ce'`: `−Σ t·log p̂`.
 */
export function softmaxClassCode(kind: 'sse' | 'ce'): string {
  const terms =
    kind === 'sse'
      ? `var gp = 0.0;
    for (var c = 0; c < C; c++) {
      let p = result[c0 + c];
      let d = p - table[t0 + c];
      cls += d * d;
      gp += 2.0 * d * p;
    }
    for (var c = 0; c < C; c++) {
      let p = result[c0 + c];
      result[c0 + c] = p * (2.0 * (p - table[t0 + c]) - gp);
    }`
      : `let lse = m + log(s);
    var targets = 0.0;
    for (var c = 0; c < C; c++) {
      let t = table[t0 + c];
      cls -= t * (pred[c0 + c] - lse);
      targets += t;
    }
    for (var c = 0; c < C; c++) { result[c0 + c] = result[c0 + c] * targets - table[t0 + c]; }`;
  return `
    var m = pred[c0];
    for (var c = 1; c < C; c++) { m = max(m, pred[c0 + c]); }
    var s = 0.0;
    for (var c = 0; c < C; c++) { s += exp(pred[c0 + c] - m); }
    for (var c = 0; c < C; c++) { result[c0 + c] = exp(pred[c0 + c] - m) / s; }
    ${terms}`;
}

/** User code of the shared backward program (`YoloGridHeadGrad`): one invocation per prediction. */
export function gridHeadBackwardShader(): string {
  return `
fn main(index: i32) {
  if (index >= uniforms.total) { return; }
  let ch = uniforms.channels;
  let r = index / ch;
  let k = index - r * ch;
  var d = dy[3];
  if (k < 5 * uniforms.predictors) {
    let b = k / 5;
    if (k - 5 * b < 4) {
      d = dy[0];
    } else {
      let j = forward[uniforms.total + 4 * uniforms.rows + r];
      d = select(dy[2], dy[1], f32(b) == j);
    }
  }
  result[index] = forward[index] * d;
}`;
}

/** A float32 constant as an exact WGSL expression (its bit pattern: no literal rounding in the compiler). */
export function f32Literal(value: number): string {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0]!;
  return `bitcast<f32>(${bits}u)`;
}
