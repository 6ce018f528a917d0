// The targets of issue 16, each checked against the rows of one run: a line per target with the
// measured value, the limit, and PASS, MISSED or NOT MEASURED (the rows it needs did not run).
// Pure: rows in, lines out (latest.md prints them; test/targets.test.mjs checks them).

/** @typedef {import('./bench-types.js').ResultRow} ResultRow */
/** @typedef {import('./bench-types.js').SkippedRow} SkippedRow */
/** @typedef {import('./bench-types.js').TargetCheck} TargetCheck */
/** @typedef {Pick<import('./bench-types.js').BenchResult, 'rows' | 'skipped'>} Rows */

/** The backends the "every version fused" and scaling targets are set for. */
const FUSED_TARGET_BACKENDS = ['cpu', 'webgpu'];
/** WebGPU devices that are software renderers, not the real GPU the WebGPU-bound target is for. */
const SOFTWARE_DEVICE = /llvmpipe|lavapipe|swiftshader/i;

/** @param {number} v */
const times = (v) => `${v.toFixed(2)}×`;

/**
 * @param {boolean} ok
 * @returns {TargetCheck['status']}
 */
const status = (ok) => (ok ? 'PASS' : 'MISSED');

/**
 * The row of this checkout with these fields.
 * @param {Rows} result
 * @param {Partial<ResultRow>} where
 * @returns {ResultRow | undefined}
 */
function find(result, where) {
  return result.rows.find(
    (r) => r.checkout === (where.checkout ?? 'this') && Object.entries(where).every(([k, v]) => r[/** @type {keyof ResultRow} */ (k)] === v),
  );
}

/**
 * Why a row of this checkout did not run, if it was skipped.
 * @param {Rows} result
 * @param {Partial<SkippedRow>} where
 */
function skipReason(result, where) {
  return result.skipped.find(
    (r) => r.checkout === 'this' && Object.entries(where).every(([k, v]) => r[/** @type {keyof SkippedRow} */ (k)] === v),
  )?.reason;
}

/**
 * @param {string} target
 * @param {string} limit
 * @param {string} why
 * @returns {TargetCheck}
 */
const notMeasured = (target, limit, why) => ({ target, measured: '—', limit, status: 'NOT MEASURED', detail: why });

/**
 * CPU: the v3 b2 step ≤ 0.5× PyTorch's in the same run.
 * @param {Rows} result
 * @returns {TargetCheck}
 */
function cpuVsPytorch(result) {
  const target = 'CPU: YOLOv3 b2 fused step vs PyTorch (same run)';
  const limit = '≤ 0.50×';
  const torch = result.rows.find((r) => r.backend === 'pytorch-cpu');
  const ours = torch && find(result, { case: torch.case, backend: 'cpu', impl: 'fused' });
  if (!torch || !ours) return notMeasured(target, limit, 'no PyTorch row (python3 with torch) or no fused cpu row of its case');
  const ratio = ours.medianMs / torch.medianMs;
  return {
    target,
    measured: times(ratio),
    limit,
    status: status(ratio <= 0.5),
    detail: `${ours.medianMs.toFixed(1)} ms vs ${torch.medianMs.toFixed(1)} ms (${torch.device})`,
  };
}

/**
 * CPU: fused v3/v4 within 5× of the bandwidth bound, 1–20 boxes per image.
 * @param {Rows} result
 * @returns {TargetCheck}
 */
function cpuBound(result) {
  const target = 'CPU: fused YOLOv3/v4 step within the bandwidth bound, 1–20 boxes/img (worst case)';
  const limit = '≤ 5× bound';
  // the training-size cases (batch 8 for v3, 4 for v4), not the PyTorch yardstick's batch of 2
  const rows = result.rows.filter(
    (r) =>
      r.checkout === 'this' && r.backend === 'cpu' && r.impl === 'fused' && r.role !== 'pytorch' &&
      (r.version === 'v3' || r.version === 'v4') && r.boxes <= 20 && r.boundMs,
  );
  if (rows.length === 0) return notMeasured(target, limit, 'no fused v3/v4 cpu row');
  const over = rows.map((r) => ({ r, x: r.medianMs / /** @type {number} */ (r.boundMs) }));
  const worst = over.reduce((a, b) => (b.x > a.x ? b : a));
  return {
    target,
    measured: `${worst.x.toFixed(1)}× bound`,
    limit,
    status: status(worst.x <= 5),
    detail: over.map(({ r, x }) => `${r.case}: ${r.medianMs.toFixed(1)} ms, bound ${(r.boundMs ?? 0).toFixed(2)} ms (${x.toFixed(1)}×)`).join('; '),
  };
}

/**
 * Scaling: the fused 500-box step ≤ 3× the 20-box step, per version with a 500-box case and per backend.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
function scaling(result) {
  const versions = [...new Set([...result.rows, ...result.skipped].filter((r) => r.boxes === 500).map((r) => r.version))].sort();
  return versions.flatMap((version) =>
    FUSED_TARGET_BACKENDS.map((backend) => {
      const target = `Scaling: ${version} fused step, 500 vs 20 boxes/img, ${backend}`;
      const limit = '≤ 3.00×';
      const big = find(result, { version, backend, impl: 'fused', boxes: 500 });
      const small = big && find(result, { version, backend, impl: 'fused', boxes: 20, batch: big.batch, role: 'version' });
      if (!big || !small) return notMeasured(target, limit, skipReason(result, { version, backend, impl: 'fused', boxes: 500 }) ?? 'rows not run');
      const ratio = big.medianMs / small.medianMs;
      return { target, measured: times(ratio), limit, status: status(ratio <= 3), detail: `${big.medianMs.toFixed(1)} ms vs ${small.medianMs.toFixed(1)} ms` };
    }),
  );
}

/**
 * The fused step of a version case ≥ `min`× its composed step on `backend`.
 * @param {Rows} result
 * @param {string} version
 * @param {string} backend
 * @param {string} target
 * @param {number} min
 * @returns {TargetCheck}
 */
function fusedSpeedup(result, version, backend, target, min) {
  const limit = `≥ ${min.toFixed(2)}×`;
  const fused = find(result, { version, backend, impl: 'fused', role: 'version' });
  const composed = find(result, { version, backend, impl: 'composed', role: 'version' });
  if (!fused) {
    const why = skipReason(result, { version, backend, impl: 'fused', role: 'version' });
    if (why !== undefined && composed) return { target, measured: 'no fused row', limit, status: 'MISSED', detail: why };
    return notMeasured(target, limit, why ?? 'rows not run');
  }
  if (!composed) return notMeasured(target, limit, skipReason(result, { version, backend, impl: 'composed', role: 'version' }) ?? 'no composed row');
  const ratio = composed.medianMs / fused.medianMs;
  return {
    target,
    measured: times(ratio),
    limit,
    status: status(ratio >= min),
    detail: `composed ${composed.medianMs.toFixed(1)} ms, fused ${fused.medianMs.toFixed(1)} ms`,
  };
}

/**
 * Every version fused (≥ 5× composed) on cpu and webgpu: one line per version and backend.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
function everyVersionFused(result) {
  const versions = [...new Set([...result.rows, ...result.skipped].filter((r) => r.role === 'version').map((r) => r.version))].sort();
  return versions.flatMap((version) =>
    FUSED_TARGET_BACKENDS.map((backend) => fusedSpeedup(result, version, backend, `Every version fused: ${version} fused vs composed, ${backend}`, 5)),
  );
}

/**
 * WebGL (headless Chromium): v3/v4 fused ≥ 5× composed.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
function webgl(result) {
  return ['v3', 'v4'].map((version) => fusedSpeedup(result, version, 'webgl', `WebGL: ${version} fused vs composed, headless Chromium`, 5));
}

/**
 * Real GPU: WebGPU within 2× of the bound at v3 b8 and v4 b4 — only where the WebGPU device is
 * a GPU; a software renderer's numbers are given, not judged.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
function realGpu(result) {
  return ['v3', 'v4'].map((version) => {
    const target = `Real GPU: WebGPU fused ${version} within the bandwidth bound`;
    const limit = '≤ 2× bound';
    const r = find(result, { version, backend: 'webgpu', impl: 'fused', role: 'version' });
    if (!r || !r.boundMs) return notMeasured(target, limit, 'no fused webgpu row');
    const x = r.medianMs / r.boundMs;
    if (SOFTWARE_DEVICE.test(r.device)) {
      return notMeasured(target, limit, `no GPU on this machine: WebGPU ran on ${r.device} (software), ${x.toFixed(1)}× its bound there`);
    }
    return { target, measured: `${x.toFixed(1)}× bound`, limit, status: status(x <= 2), detail: `${r.medianMs.toFixed(1)} ms, bound ${r.boundMs.toFixed(2)} ms on ${r.device}` };
  });
}

/**
 * The step a user gets by default on a backend: the fused row where it ran, else the composed one.
 * @param {Rows} result
 * @returns {ResultRow[]}
 */
export function defaultRows(result) {
  const mine = result.rows.filter((r) => r.checkout === 'this');
  return mine.filter(
    (r) => r.impl === 'fused' || (r.impl === 'composed' && !mine.some((o) => o.impl === 'fused' && o.case === r.case && o.backend === r.backend)),
  );
}

/**
 * Peak tensor bytes ≤ 2× the step's minimum bytes, per backend, over the steps a user gets by default.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
function peakBytes(result) {
  const rows = defaultRows(result).filter((r) => r.peakBytes !== undefined && r.minBytes);
  const backends = [...new Set(rows.map((r) => r.backend))];
  return backends.map((backend) => {
    const ratios = rows.filter((r) => r.backend === backend).map((r) => ({ r, x: /** @type {number} */ (r.peakBytes) / /** @type {number} */ (r.minBytes) }));
    const worst = ratios.reduce((a, b) => (b.x > a.x ? b : a));
    const over = ratios.filter(({ x }) => x > 2).length;
    return {
      target: `Peak tensor bytes per step, ${backend} (default implementation, worst case)`,
      measured: times(worst.x),
      limit: '≤ 2.00× min bytes',
      status: status(worst.x <= 2),
      detail: `${worst.r.case} ${worst.r.impl}; ${over} of ${ratios.length} rows above 2×`,
    };
  });
}

/**
 * Keep: no GPU→CPU read in a step, on every row.
 * @param {Rows} result
 * @returns {TargetCheck}
 */
function reads(result) {
  const rows = result.rows.filter((r) => r.reads !== undefined);
  const target = 'Keep: GPU→CPU reads per step (every row)';
  if (rows.length === 0) return notMeasured(target, '0', 'no rows');
  const most = Math.max(...rows.map((r) => r.reads ?? 0));
  return { target, measured: String(most), limit: '0', status: status(most === 0), detail: `${rows.length} rows` };
}

/**
 * Every target line of issue 16 for one run.
 * @param {Rows} result
 * @returns {TargetCheck[]}
 */
export function targetChecks(result) {
  return [cpuVsPytorch(result), cpuBound(result), ...scaling(result), ...everyVersionFused(result), ...webgl(result), ...realGpu(result), ...peakBytes(result), reads(result)];
}

/**
 * The markdown line of a target.
 * @param {TargetCheck} t
 */
export function targetLine(t) {
  return `- **${t.status}** — ${t.target}: ${t.measured} (target ${t.limit})${t.detail ? ` — ${t.detail}` : ''}`;
}

/**
 * How closely the fused and composed rows of a case agree on the loss terms (same inputs, same
 * backend): the largest relative difference over every term. The parity tests are what hold them
 * to each package's tolerance; this says the measured rows computed the same loss.
 * @param {Rows} result
 * @returns {{ rel: number, where: string } | null} null where no case has both rows
 */
export function lossAgreement(result) {
  /** @type {{ rel: number, where: string } | null} */
  let worst = null;
  for (const fused of result.rows.filter((r) => r.checkout === 'this' && r.impl === 'fused')) {
    const composed = find(result, { case: fused.case, backend: fused.backend, impl: 'composed' });
    if (!composed) continue;
    for (const [term, value] of Object.entries(fused.loss)) {
      const reference = composed.loss[term];
      if (reference === undefined) continue;
      const rel = Math.abs(value - reference) / Math.max(Math.abs(reference), 1e-12);
      if (worst === null || rel > worst.rel) worst = { rel, where: `${fused.case}, ${fused.backend}, ${term}` };
    }
  }
  return worst;
}
