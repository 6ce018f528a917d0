// The target lines of latest.md, computed from hand-made rows whose ratios are known by
// construction (no timing is measured here).
import { describe, expect, it } from 'vitest';
import { defaultRows, lossAgreement, targetChecks, targetLine } from '../src/targets.mjs';
import { shortReason } from '../src/report.mjs';

/** @typedef {import('../src/bench-types.js').ResultRow} ResultRow */
/** @typedef {import('../src/bench-types.js').SkippedRow} SkippedRow */

/**
 * A measured row: v3 b8 20 boxes, cpu, fused, 10 ms, unless overridden.
 * @param {Partial<ResultRow>} fields
 * @returns {ResultRow}
 */
const row = (fields) => ({
  case: 'v3 b8 20',
  version: 'v3',
  role: 'version',
  batch: 8,
  boxes: 20,
  backend: 'cpu',
  impl: 'fused',
  checkout: 'this',
  device: 'AMD EPYC',
  medianMs: 10,
  minMs: 9,
  maxMs: 11,
  cpuMedianMs: 10,
  stepsMs: [10],
  loss: { total: 1 },
  reads: 0,
  peakBytes: 150,
  minBytes: 100,
  boundMs: 4,
  ...fields,
});

/**
 * @param {Partial<SkippedRow>} fields
 * @returns {SkippedRow}
 */
const skip = (fields) => ({ case: 'v3 b8 20', version: 'v3', role: 'version', batch: 8, boxes: 20, backend: 'cpu', impl: 'fused', checkout: 'this', reason: 'why', ...fields });

/**
 * The check whose target starts with `prefix`.
 * @param {Pick<import('../src/bench-types.js').BenchResult, 'rows' | 'skipped'>} result
 * @param {string} prefix
 */
const check = (result, prefix) => {
  const found = targetChecks(result).filter((t) => t.target.startsWith(prefix));
  expect(found).toHaveLength(1);
  return /** @type {import('../src/bench-types.js').TargetCheck} */ (found[0]);
};

describe('targetChecks', () => {
  it('CPU vs PyTorch: fused median over the PyTorch median of the same case, ≤ 0.5', () => {
    const torch = row({ case: 'v3 b2', role: 'pytorch', batch: 2, backend: 'pytorch-cpu', impl: 'pytorch', checkout: 'pytorch', medianMs: 25 });
    const pass = check({ rows: [torch, row({ case: 'v3 b2', role: 'pytorch', batch: 2, medianMs: 10 })], skipped: [] }, 'CPU: YOLOv3 b2');
    expect(pass).toMatchObject({ status: 'PASS', measured: '0.40×' });
    const miss = check({ rows: [torch, row({ case: 'v3 b2', role: 'pytorch', batch: 2, medianMs: 15 })], skipped: [] }, 'CPU: YOLOv3 b2');
    expect(miss).toMatchObject({ status: 'MISSED', measured: '0.60×' });
    expect(check({ rows: [row({})], skipped: [] }, 'CPU: YOLOv3 b2').status).toBe('NOT MEASURED');
  });

  it('CPU bound: the worst fused v3/v4 cpu row with ≤ 20 boxes, the PyTorch batch and 500 boxes left out', () => {
    const rows = [
      row({ case: 'v3 1', boxes: 1, role: 'scaling', medianMs: 8, boundMs: 4 }), // 2×
      row({ case: 'v4', version: 'v4', batch: 4, medianMs: 18, boundMs: 4 }), // 4.5×
      row({ case: 'v3 500', boxes: 500, role: 'scaling', medianMs: 400, boundMs: 4 }),
      row({ case: 'v3 b2', role: 'pytorch', batch: 2, medianMs: 100, boundMs: 1 }),
      row({ case: 'v4', version: 'v4', batch: 4, backend: 'webgpu', medianMs: 100, boundMs: 4 }),
    ];
    expect(check({ rows, skipped: [] }, 'CPU: fused YOLOv3/v4')).toMatchObject({ status: 'PASS', measured: '4.5× bound' });
    rows.push(row({ medianMs: 24, boundMs: 4 })); // 6×
    expect(check({ rows, skipped: [] }, 'CPU: fused YOLOv3/v4')).toMatchObject({ status: 'MISSED', measured: '6.0× bound' });
  });

  it('scaling: the 500-box fused step over the 20-box one, per version and backend', () => {
    const rows = [
      row({ medianMs: 10 }),
      row({ case: 'v3 500', role: 'scaling', boxes: 500, medianMs: 25 }),
      row({ backend: 'webgpu', medianMs: 10 }),
      row({ case: 'v3 500', role: 'scaling', boxes: 500, backend: 'webgpu', medianMs: 40 }),
    ];
    const skipped = [skip({ case: 'v5 500', version: 'v5', role: 'scaling', boxes: 500, reason: 'failed: out of memory' })];
    const result = { rows, skipped };
    expect(check(result, 'Scaling: v3 fused step, 500 vs 20 boxes/img, cpu')).toMatchObject({ status: 'PASS', measured: '2.50×' });
    expect(check(result, 'Scaling: v3 fused step, 500 vs 20 boxes/img, webgpu')).toMatchObject({ status: 'MISSED', measured: '4.00×' });
    expect(check(result, 'Scaling: v5 fused step, 500 vs 20 boxes/img, cpu')).toMatchObject({ status: 'NOT MEASURED', detail: 'failed: out of memory' });
  });

  it('every version fused: composed over fused ≥ 5 on cpu and webgpu; a skipped fused row beside a composed one is a miss', () => {
    const rows = [
      row({ impl: 'composed', medianMs: 100 }),
      row({ medianMs: 10 }),
      row({ impl: 'composed', backend: 'webgpu', medianMs: 40 }),
      row({ backend: 'webgpu', medianMs: 10 }),
      row({ case: 'v1', version: 'v1', impl: 'composed', medianMs: 50 }),
    ];
    const skipped = [skip({ case: 'v1', version: 'v1', reason: 'composed only: no kernel' })];
    const result = { rows, skipped };
    expect(check(result, 'Every version fused: v3 fused vs composed, cpu')).toMatchObject({ status: 'PASS', measured: '10.00×' });
    expect(check(result, 'Every version fused: v3 fused vs composed, webgpu')).toMatchObject({ status: 'MISSED', measured: '4.00×' });
    expect(check(result, 'Every version fused: v1 fused vs composed, cpu')).toMatchObject({ status: 'MISSED', measured: 'no fused row', detail: 'composed only: no kernel' });
    expect(check(result, 'Every version fused: v1 fused vs composed, webgpu').status).toBe('NOT MEASURED');
  });

  it('real GPU: judged only on a hardware WebGPU device', () => {
    const soft = row({ backend: 'webgpu', device: 'mesa llvmpipe', medianMs: 100, boundMs: 10 });
    expect(check({ rows: [soft], skipped: [] }, 'Real GPU: WebGPU fused v3')).toMatchObject({ status: 'NOT MEASURED' });
    const gpu = row({ backend: 'webgpu', device: 'NVIDIA H200', medianMs: 1.5, boundMs: 1 });
    expect(check({ rows: [gpu], skipped: [] }, 'Real GPU: WebGPU fused v3')).toMatchObject({ status: 'PASS', measured: '1.5× bound' });
  });

  it('peak bytes: per backend over the default rows (fused where it ran, else composed)', () => {
    const rows = [
      row({ impl: 'composed', peakBytes: 900 }), // not the default on cpu: fused ran
      row({ peakBytes: 180 }),
      row({ backend: 'wasm', impl: 'composed', peakBytes: 300 }),
    ];
    expect(defaultRows({ rows, skipped: [] }).map((r) => `${r.backend} ${r.impl}`)).toEqual(['cpu fused', 'wasm composed']);
    expect(check({ rows, skipped: [] }, 'Peak tensor bytes per step, cpu')).toMatchObject({ status: 'PASS', measured: '1.80×' });
    expect(check({ rows, skipped: [] }, 'Peak tensor bytes per step, wasm')).toMatchObject({ status: 'MISSED', measured: '3.00×' });
  });

  it('reads: the most over every row, 0 to pass', () => {
    expect(check({ rows: [row({}), row({ backend: 'webgpu' })], skipped: [] }, 'Keep: GPU→CPU reads')).toMatchObject({ status: 'PASS', measured: '0' });
    expect(check({ rows: [row({}), row({ backend: 'webgpu', reads: 2 })], skipped: [] }, 'Keep: GPU→CPU reads')).toMatchObject({ status: 'MISSED', measured: '2' });
  });
});

describe('lossAgreement', () => {
  it('is the largest relative difference of a term between the fused and composed rows of a case and backend', () => {
    const rows = [
      row({ impl: 'composed', loss: { total: 100, box: 10 } }),
      row({ loss: { total: 100.01, box: 10.002 } }), // 1e-4, 2e-4
      row({ backend: 'webgpu', impl: 'composed', loss: { total: 50 } }),
      row({ backend: 'webgpu', loss: { total: 50.005 } }), // 1e-4
    ];
    const worst = lossAgreement({ rows, skipped: [] });
    expect(worst?.where).toBe('v3 b8 20, cpu, box');
    expect(worst?.rel).toBeCloseTo(2e-4, 8);
    expect(lossAgreement({ rows: [row({})], skipped: [] })).toBeNull();
  });
});

describe('targetLine and shortReason', () => {
  it('prints status, target, measured value and limit on one line', () => {
    expect(targetLine({ target: 'T', measured: '0.40×', limit: '≤ 0.50×', status: 'PASS', detail: 'd' })).toBe('- **PASS** — T: 0.40× (target ≤ 0.50×) — d');
  });

  it('shortens the library message about a missing fused kernel to the kernel and backend', () => {
    const message =
      "composed only: yolov1Loss: options.implementation 'fused' needs a backend with the YoloV1Head kernel (cpu, webgpu), the active backend is 'webgl' (use 'auto' or 'composed')";
    expect(shortReason(message)).toBe('composed only: no YoloV1Head kernel on webgl');
  });
});
