// latest.md from one run's result: the machine and the versions that measured, the targets of
// issue 16 (PASS / MISSED / NOT MEASURED), every measured row, and every row of the matrix that did
// not run with the reason. Pure: result in, markdown out.
import { lossAgreement, targetChecks, targetLine } from './targets.mjs';

/** @param {number} b - bytes */
const mib = (b) => (b / 2 ** 20).toFixed(1);
/**
 * @param {number | undefined | null} v
 * @param {number} [digits]
 */
const num = (v, digits = 1) => (v === undefined || v === null ? '' : v.toFixed(digits));
/** @param {number | undefined} v */
const ratio = (v) => (v === undefined ? '' : `${v.toFixed(2)}×`);

/**
 * A skip reason, short enough for a table cell (latest.json keeps the whole message).
 * @param {string} reason
 */
export function shortReason(reason) {
  const kernel = /needs a backend with the (\S+) kernel .*the active backend is '([^']+)'/.exec(reason);
  if (kernel) return `composed only: no ${kernel[1]} kernel on ${kernel[2]}`;
  const first = reason.split('\n')[0] ?? reason;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

/**
 * @param {import('./bench-types.js').BenchResult} result
 * @param {{ missing?: string[] }} [extra] - matrix cells with no row at all
 * @returns {string}
 */
export function renderMarkdown(result, { missing = [] } = {}) {
  const { machine, versions, load } = result;
  const backendLines = Object.entries(result.backends).map(([name, b]) =>
    'skipped' in b
      ? `- ${name}: not run — ${b.skipped}`
      : `- ${name}: ${b.device}; bandwidth reached ${b.bandwidthGBs.toFixed(1)} GB/s; up to ${b.rounds} timed rounds per case`,
  );
  const rows = result.rows;
  const agreement = lossAgreement(result);
  return [
    `# Benchmark: one loss + gradient step`,
    '',
    `Measured ${result.date.slice(0, 16)} (UTC), ${(result.durationS / 60).toFixed(1)} min for the whole run, on ${machine.cpu} (${machine.cores} cores), ` +
      `${machine.os}, Node ${machine.node}.`,
    `Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Load average (1, 5, 15 min) ${load.start.join(', ')} at the start, ${load.end.join(', ')} at the end` +
      (Math.max(...load.start, ...load.end) > machine.cores
        ? ' (the machine was shared: absolute times are upper bounds; '
        : ' (a quiet machine; ') +
      'rows of a case ran interleaved, one step each per round, so they saw the same load).',
    '',
    '## Backends',
    '',
    ...backendLines,
    '',
    `Rounds: each backend's most (cpu 10; the software GPUs and wasm fewer, their steps take seconds), cut for a case whose ` +
      `round would take it past ${result.caseSeconds} s of timed rounds, never below 3 — except a case whose one round takes ` +
      `longer than ${result.caseSeconds} s: 1 timed round. Warm-up: 2–5 steps (no more after 3 s; ` +
      'one where the first step took over 5 s, the untimed profiled step being the second). ' +
      'The number of steps behind each median is the length of the row\'s `stepsMs` in latest.json.' +
      (result.rowMinutes === undefined
        ? ''
        : ` A row whose warm-up and profiled steps, or one timed step, took longer than ${result.rowMinutes} min was abandoned and is listed with that reason.`),
    '',
    '## Targets (issue 16)',
    '',
    ...targetChecks(result).map(targetLine),
    '',
    ...(agreement === null
      ? []
      : [
          `Fused and composed rows of a case computed the same loss: the five terms differ by at most ${agreement.rel.toExponential(1)} ` +
            `relative (${agreement.where}); the packages' parity tests hold values and gradients to their tolerances.`,
          '',
        ]),
    ...(missing.length > 0 ? [`Matrix cells with no row in this run: ${missing.join(', ')}.`, ''] : ['Every version × backend × implementation has a row below: measured, or skipped with the reason.', '']),
    '## Rows',
    '',
    'Speed-up: composed median / fused median, same case, backend and run. vs PyTorch: this row\'s median / the PyTorch row\'s.',
    'CPU ms: median CPU time of the row\'s process per step (all threads, user + system; none in a browser page).',
    'Bound: min bytes (predictions read once, gradient written once) at the bandwidth the backend reached on this machine (cpu: native',
    '64 MiB copy; webgpu, wasm, webgl: an element-wise tfjs kernel over 64 MiB), and how many times the median is above it.',
    ...rows.filter((r) => r.computes).map((r) => `PyTorch row (${r.case}): ${r.computes}.`),
    '',
    '| case | backend | impl | median ms | min–max ms | CPU ms | speed-up | vs baseline | vs PyTorch | kernels | kernels/head | reads | peak MiB | min MiB | peak/min | bound ms | × bound | device |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.backend} | ${r.impl}${r.checkout === 'baseline' ? ' (baseline)' : ''} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} | ${num(r.cpuMedianMs)} | ` +
        `${r.speedup ? `${r.speedup.toFixed(1)}×` : ''} | ${ratio(r.vsBaseline)} | ${ratio(r.vsPytorch)} | ${r.kernels ?? ''} | ` +
        `${r.kernels === undefined || r.heads === undefined ? '' : (r.kernels / r.heads).toFixed(0)} | ${r.reads ?? ''} | ` +
        `${r.peakBytes === undefined ? '' : mib(r.peakBytes)} | ${r.minBytes === undefined ? '' : mib(r.minBytes)} | ` +
        `${r.peakBytes === undefined || !r.minBytes ? '' : (r.peakBytes / r.minBytes).toFixed(2)} | ${num(r.boundMs, 2)} | ` +
        `${r.boundMs === undefined ? '' : (r.medianMs / r.boundMs).toFixed(1)} | ${r.device} |`,
    ),
    '',
    '## Rows not run',
    '',
    ...(result.skipped.length === 0
      ? ['None.']
      : [
          '| case | backend | impl | why |',
          '| --- | --- | --- | --- |',
          ...result.skipped.map((s) => `| ${s.case} | ${s.backend} | ${s.impl}${s.checkout === 'baseline' ? ' (baseline)' : ''} | ${shortReason(s.reason)} |`),
        ]),
    '',
  ].join('\n');
}
