// Which rows a run measures: every case on every backend it is for, with each implementation
// asked for that the case has; and the check that the run's rows (measured or skipped, with the
// reason) cover every version × backend × implementation. Pure: test/plan.test.mjs checks it.

/**
 * @typedef {object} PlannedCase - a case's rows on one backend
 * @property {string} backend
 * @property {import('./bench-types.js').BenchCase} case
 * @property {import('@yolo-loss/heads').LossImplementation[]} impls
 */

/**
 * @param {import('./bench-types.js').BenchCase[]} cases
 * @param {string[]} backends - in the order they run
 * @param {string[]} impls - the implementations asked for (`--impls`)
 * @returns {PlannedCase[]} backend by backend, cases in their order
 */
export function planRows(cases, backends, impls) {
  return backends.flatMap((backend) =>
    cases
      .filter((c) => c.backends === undefined || c.backends.includes(backend))
      .map((c) => ({ backend, case: c, impls: c.impls.filter((i) => impls.includes(i)) }))
      .filter((p) => p.impls.length > 0),
  );
}

/**
 * The version × backend × implementation cells (of the version cases) that have no row in a run,
 * measured or skipped: empty when the run covers the matrix.
 * @param {Pick<import('./bench-types.js').BenchResult, 'rows' | 'skipped'>} result
 * @param {import('./bench-types.js').BenchCase[]} cases
 * @param {string[]} backends
 * @param {string[]} impls
 * @returns {string[]} e.g. `'v3 × webgl × fused'`
 */
export function missingCells(result, cases, backends, impls) {
  const all = [...result.rows, ...result.skipped].filter((r) => r.checkout === 'this' && r.role === 'version');
  return cases
    .filter((c) => c.role === 'version')
    .flatMap((c) =>
      backends.flatMap((backend) =>
        c.impls
          .filter((impl) => impls.includes(impl) && !all.some((r) => r.version === c.version && r.backend === backend && r.impl === impl))
          .map((impl) => `${c.version} × ${backend} × ${impl}`),
      ),
    );
}

/**
 * How many timed rounds a case gets: as many as fit in `caseSeconds` of rounds, at most
 * `maxRounds`, never below 3 — unless a single round takes longer than `caseSeconds` (composed
 * YOLOv8 on a software WebGL takes minutes a step): then 1, its warm-up and profiled steps
 * untimed before it.
 * @param {number} maxRounds - the backend's most rounds
 * @param {number} caseSeconds - the timed seconds a case should take
 * @param {number} roundMs - one round: the sum of the rows' warm step times
 * @returns {number}
 */
export function timedRounds(maxRounds, caseSeconds, roundMs) {
  const budgetMs = caseSeconds * 1000;
  const floor = roundMs > budgetMs ? 1 : 3;
  return Math.min(maxRounds, Math.max(floor, Math.floor(budgetMs / Math.max(roundMs, 1))));
}
