// The row plan: every version on every backend with both implementations (the matrix latest.md
// promises), the scaling cases on cpu and webgpu, the PyTorch case on the CPU; and the check that
// finds the matrix cells a run's rows leave out. No tensors: the cases are only listed.
import { describe, expect, it } from 'vitest';
import { BACKENDS, benchCases } from '../src/cases.mjs';
import { missingCells, planRows, timedRounds } from '../src/plan.mjs';

/** The case list without a library (build is never called). */
const cases = benchCases(/** @type {import('../src/bench-types.js').BenchLib} */ (/** @type {unknown} */ ({ tf: null })));
const VERSIONS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v8'];

/**
 * @param {import('../src/plan.mjs').PlannedCase[]} plan
 * @param {(p: import('../src/plan.mjs').PlannedCase) => boolean} keep
 * @returns {string[]} `version backend impl` per planned row
 */
const cells = (plan, keep) => plan.filter(keep).flatMap((p) => p.impls.map((impl) => `${p.case.version} ${p.backend} ${impl}`));

describe('planRows', () => {
  const plan = planRows(cases, BACKENDS, ['composed', 'fused']);

  it('has one version case per version, and each runs on every backend with composed and fused', () => {
    expect(cases.filter((c) => c.role === 'version').map((c) => c.version)).toEqual(VERSIONS);
    const expected = VERSIONS.flatMap((v) => BACKENDS.flatMap((b) => [`${v} ${b} composed`, `${v} ${b} fused`]));
    expect(cells(plan, (p) => p.case.role === 'version').sort()).toEqual(expected.sort());
  });

  it('runs the scaling cases fused on cpu and webgpu, the PyTorch case on the CPU only', () => {
    const scaling = plan.filter((p) => p.case.role === 'scaling');
    expect(new Set(scaling.map((p) => p.backend))).toEqual(new Set(['cpu', 'webgpu']));
    expect(scaling.every((p) => p.impls.length === 1 && p.impls[0] === 'fused')).toBe(true);
    expect(scaling.map((p) => `${p.case.version} ${p.case.boxes}`)).toContain('v5 500');
    expect(scaling.map((p) => `${p.case.version} ${p.case.boxes}`)).toContain('v3 500');
    expect(scaling.map((p) => `${p.case.version} ${p.case.boxes}`)).toContain('v8 500');
    const torch = plan.filter((p) => p.case.pytorch !== undefined);
    expect(torch.map((p) => p.backend)).toEqual(['cpu']);
  });

  it('keeps only the implementations asked for, and drops a case left with none', () => {
    const composed = planRows(cases, ['wasm', 'cpu'], ['composed']);
    expect(composed.every((p) => p.impls.length === 1 && p.impls[0] === 'composed')).toBe(true);
    expect(composed.some((p) => p.case.role === 'scaling')).toBe(false);
    expect(composed.map((p) => p.backend).indexOf('cpu')).toBeGreaterThan(composed.map((p) => p.backend).lastIndexOf('wasm'));
  });
});

describe('missingCells', () => {
  const v1 = /** @type {import('../src/bench-types.js').BenchCase} */ (cases.find((c) => c.version === 'v1'));
  /**
   * A skipped row of the v1 case (enough for the coverage check).
   * @param {string} backend
   * @param {string} impl
   * @returns {import('../src/bench-types.js').SkippedRow}
   */
  const skippedRow = (backend, impl) => ({ case: v1.name, version: 'v1', role: 'version', batch: 64, boxes: 4, backend, impl, checkout: 'this', reason: 'x' });

  it('names each version × backend × implementation with no row, measured or skipped', () => {
    const result = { rows: [], skipped: [skippedRow('cpu', 'composed'), skippedRow('cpu', 'fused'), skippedRow('wasm', 'composed')] };
    expect(missingCells(result, [v1], ['cpu', 'wasm'], ['composed', 'fused'])).toEqual(['v1 × wasm × fused']);
  });

  it('is empty when every cell has a row; a baseline row does not count', () => {
    const all = [skippedRow('cpu', 'composed'), skippedRow('cpu', 'fused')];
    expect(missingCells({ rows: [], skipped: all }, [v1], ['cpu'], ['composed', 'fused'])).toEqual([]);
    const baseline = all.map((r) => ({ ...r, checkout: 'baseline' }));
    expect(missingCells({ rows: [], skipped: baseline }, [v1], ['cpu'], ['composed', 'fused'])).toHaveLength(2);
  });
});

describe('timedRounds', () => {
  it('fits the rounds in the case seconds, between 3 and the most', () => {
    expect(timedRounds(10, 30, 100)).toBe(10); // 30 ms steps: the backend's most
    expect(timedRounds(10, 30, 6_000)).toBe(5);
    expect(timedRounds(3, 30, 20_000)).toBe(3); // 20 s rounds: still 3
  });

  it('takes 1 round when one round alone is longer than the case seconds', () => {
    expect(timedRounds(3, 30, 30_001)).toBe(1);
    expect(timedRounds(3, 30, 120_000)).toBe(1);
  });
});
