#!/usr/bin/env node
// `npm run bench`: every case on every available backend; writes
// bench/results/<date>-<machine>.json, bench/results/latest.json and a markdown table.
//   --backends cpu,webgpu   --runs 10   --cases v1,v3   --impls composed,fused   --out <dir>
//   --baseline <checkout>   another built checkout of this repository, measured beside this one
//   --python <path>         a Python with PyTorch for the PyTorch rows (default: python3, /usr/bin/python3)
//   --no-pytorch            skip the PyTorch rows
//   --in-process            measure this checkout in this process (no workers: for bundles; no --baseline)
//
// Each row runs in its own process (src/worker.mjs per checkout and backend; the PyTorch step in
// Python), and the rows of a case take turns: round r times one step of every row, in an order
// rotated each round. So rows compared with each other — composed and fused, this checkout and the
// baseline, ours and PyTorch — see the same machine load, whatever else the machine runs.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases } from './cases.mjs';
import { summarize } from './measure.mjs';
import { findPyTorch, inProcessWorker, startWorker } from './runners.mjs';

/**
 * @typedef {object} CheckoutWorker - a worker measuring one checkout on one backend
 * @property {import('./bench-types.js').BenchWorker} worker
 * @property {string} label - '' for this checkout, ' (baseline)'
 * @property {string} dir
 * @property {string} device
 * @property {number} bytesPerMs
 */
/**
 * @typedef {object} NodeRow - a row of ours in a case's group
 * @property {'node'} kind
 * @property {CheckoutWorker} w
 * @property {string} impl
 * @property {string} label
 * @property {number} [id] - the row's id in its worker, after `prepare`
 * @property {import('./bench-types.js').PreparedStats & { heads: number }} [stats]
 */
/**
 * @typedef {object} PytorchRow - the PyTorch row of a case
 * @property {'pytorch'} kind
 * @property {string} label
 * @property {import('./bench-types.js').BenchWorker} python
 * @property {{ torch: string, threads: number, loss: Record<string, number> }} [stats]
 */
/**
 * @typedef {object} ResultRow - one row of latest.json
 * @property {string} case
 * @property {string} backend
 * @property {string} impl
 * @property {string} checkout - 'this', 'baseline' or 'pytorch'
 * @property {string} device
 * @property {string} [computes] - what the PyTorch row computes
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} cpuMedianMs
 * @property {number[]} stepsMs
 * @property {Record<string, number>} loss
 * @property {number} [kernels]
 * @property {number} [heads]
 * @property {number} [reads]
 * @property {number} [peakBytes]
 * @property {number} [minBytes]
 * @property {number} [bandwidthGBs]
 * @property {number} [boundMs]
 * @property {number} [speedup]
 * @property {number} [vsBaseline]
 * @property {number} [vsPytorch]
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
/**
 * @param {string} name
 * @param {string} fallback
 * @returns {string}
 */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
/**
 * @param {string} name
 * @returns {string | null}
 */
const optionalArg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
};
if (process.argv.includes('--help')) {
  console.log(
    'npm run bench -- [--backends cpu,webgpu] [--runs 10] [--cases <substring,...>] [--impls composed,fused] [--out bench/results]\n' +
      '                 [--baseline <other built checkout>] [--python <python with torch>] [--no-pytorch] [--in-process]',
  );
  process.exit(0);
}
const runs = Number(arg('runs', '10'));
const wanted = arg('backends', 'cpu,webgpu').split(',');
const filters = arg('cases', '').split(',').filter(Boolean);
const impls = arg('impls', 'composed,fused').split(',');
const inProcess = process.argv.includes('--in-process');
const baseline = inProcess ? null : optionalArg('baseline');
// the case list only: names, implementations and which have a PyTorch row (no tensors are built here)
const cases = benchCases(/** @type {import('./bench-types.js').BenchLib} */ (/** @type {unknown} */ ({ tf: null }))).filter(
  (c) => filters.length === 0 || filters.some((f) => c.name.startsWith(f) || c.name.includes(f)),
);
const pytorch = process.argv.includes('--no-pytorch')
  ? null
  : findPyTorch([optionalArg('python') ?? 'python3', 'python3', '/usr/bin/python3']);
/** @type {Record<string, string>} */
const PYTORCH_ROW = {
  yolov3:
    'PyTorch CPU, 2 threads: the YOLOv3 paper loss (t-space SSE box × (2 − wh) with the coordAnchorIou gate, ' +
    'obj/noobj BCE with the prior-basis ignore rule as a batched IoU [N, H·W·A, G], class BCE) over the three heads with ' +
    'boolean-mask gathers, mean over the batch, then autograd.grad w.r.t. every head; targets built once outside the step',
};

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, host: hostname(), node: process.version };
/** @type {{ start: number[], end?: number[] }} */
const load = { start: loadavg().map((v) => Number(v.toFixed(2))) };
const scratch = mkdtempSync(join(tmpdir(), 'yolo-loss-bench-'));
/** @type {ResultRow[]} */
const rows = [];
/** @param {ResultRow} r */
const line = (r) =>
  `${r.backend.padEnd(11)} ${r.impl.padEnd(19)} ${r.case.padEnd(40)} median ${r.medianMs.toFixed(1).padStart(8)} ms  [${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}]  CPU ${r.cpuMedianMs.toFixed(1)} ms` +
  (r.kernels === undefined
    ? ''
    : `  kernels ${r.kernels}  reads ${r.reads}  peak ${mib(r.peakBytes ?? 0)} MiB  min ${mib(r.minBytes ?? 0)} MiB  bound ${(r.boundMs ?? 0).toFixed(2)} ms (×${(r.medianMs / (r.boundMs ?? 1)).toFixed(0)})`);
/** @param {number} b - bytes */
const mib = (b) => (b / 2 ** 20).toFixed(1);

// one Python process per PyTorch step script (pytorch/<name>_step.py), started when first needed
/** @param {string} name */
const pythonScript = (name) => join(here, '..', 'pytorch', `${name}_step.py`);
/** @type {Map<string, import('./bench-types.js').BenchWorker>} */
const pythonWorkers = new Map();
/**
 * @param {string} name
 * @param {string} python
 */
const pythonFor = (name, python) => {
  let worker = pythonWorkers.get(name);
  if (worker === undefined) {
    worker = startWorker(python, [pythonScript(name)], `pytorch ${name}`);
    pythonWorkers.set(name, worker);
  }
  return worker;
};
const hasPytorchRows = cases.some((c) => c.pytorch && existsSync(pythonScript(c.pytorch)));
if (pytorch !== null && wanted.includes('cpu') && hasPytorchRows) {
  console.log(`PyTorch ${pytorch.torch} (${pytorch.python}) for the PyTorch rows`);
} else if (hasPytorchRows && wanted.includes('cpu')) {
  console.log('no Python with PyTorch found (--python): no PyTorch rows');
}

for (const backend of wanted) {
  const checkouts = [{ label: '', dir: root }, ...(baseline ? [{ label: ' (baseline)', dir: resolve(baseline) }] : [])];
  /** @type {CheckoutWorker[]} */
  const workers = [];
  /** @type {string | null} */
  let skip = null;
  for (const { label, dir } of checkouts) {
    const worker = inProcess
      ? inProcessWorker((await import('./bench-rows.mjs')).benchRows((await import('./lib.mjs')).lib), backend)
      : startWorker(process.execPath, [join(here, 'worker.mjs'), '--checkout', dir], `${backend}${label}`);
    try {
      const info = /** @type {import('./bench-types.js').InitReply} */ (await worker.request('init', { backend }));
      workers.push({ worker, label, dir, device: info.device ?? machine.cpu, bytesPerMs: info.bytesPerMs });
      const where = inProcess ? 'this process' : dir;
      console.log(`${backend}${label}: ${info.device ?? machine.cpu}, bandwidth ${(info.bytesPerMs / 1e6).toFixed(1)} GB/s (${where})`);
    } catch (error) {
      skip = error instanceof Error ? error.message : String(error);
      await worker.close();
    }
  }
  if (skip !== null) {
    console.log(`skipping ${backend}: ${skip}`);
    await Promise.all(workers.map((w) => w.worker.close()));
    continue;
  }
  for (const c of cases) {
    /** @type {(NodeRow | PytorchRow)[]} */
    const group = [];
    for (const impl of c.impls.filter((x) => impls.includes(x))) {
      for (const w of workers) group.push({ kind: 'node', w, impl, label: `${impl}${w.label}` });
    }
    if (backend === 'cpu' && c.pytorch && pytorch !== null && existsSync(pythonScript(c.pytorch))) group.push({ kind: 'pytorch', label: 'pytorch', python: pythonFor(c.pytorch, pytorch.python) });
    if (group.length === 0) continue;
    // prepare every row (warm-up, profile, reads, loss terms), then the interleaved rounds
    for (const row of group) {
      if (row.kind !== 'node') continue;
      const { row: id, ...stats } = /** @type {import('./bench-types.js').PrepareReply} */ (
        await row.w.worker.request('prepare', { name: c.name, impl: row.impl })
      );
      Object.assign(row, { id, stats });
    }
    const pytorchRow = group.find((r) => r.kind === 'pytorch');
    const first = group[0];
    if (pytorchRow && first?.kind === 'node') {
      const file = join(scratch, c.name.replace(/[^a-z0-9]+/gi, '-'));
      await first.w.worker.request('dump', { row: first.id, file });
      pytorchRow.stats = /** @type {import('./bench-types.js').PytorchPrepareReply} */ (await pytorchRow.python.request('prepare', { file }));
    }
    /** @type {import('./bench-types.js').StepTime[][]} */
    const times = group.map(() => []);
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < group.length; k++) {
        const j = (round + k) % group.length;
        const row = /** @type {NodeRow | PytorchRow} */ (group[j]);
        const { ms, cpuMs } = /** @type {import('./bench-types.js').StepTime} */ (
          await (row.kind === 'node' ? row.w.worker.request('step', { row: row.id }) : row.python.request('step', {}))
        );
        times[j]?.push({ ms, cpuMs });
      }
    }
    for (const [j, row] of group.entries()) {
      if (row.kind === 'node') await row.w.worker.request('release', { row: row.id });
      const steps = times[j] ?? [];
      if (row.stats === undefined) throw new Error(`${c.name}: row ${row.label} was not prepared`);
      /** @type {ResultRow} */
      const result =
        row.kind === 'node'
          ? {
              case: c.name,
              backend,
              impl: row.impl,
              checkout: row.w.label === '' ? 'this' : 'baseline',
              device: row.w.device,
              ...summarize(steps),
              ...row.stats,
              bandwidthGBs: row.w.bytesPerMs / 1e6,
              boundMs: row.stats.minBytes / row.w.bytesPerMs,
            }
          : {
              case: c.name,
              backend: 'pytorch-cpu',
              impl: 'pytorch',
              checkout: 'pytorch',
              device: `PyTorch ${row.stats.torch}, ${row.stats.threads} threads, ${machine.cpu}`,
              computes: PYTORCH_ROW[c.pytorch ?? ''] ?? '',
              ...summarize(steps),
              loss: row.stats.loss,
            };
      rows.push(result);
      console.log(line(result));
    }
    const losses = group.map((r, j) => `${r.label} ${rows.at(-group.length + j)?.loss['total']?.toPrecision(7)}`);
    console.log(`  loss (total): ${losses.join(', ')}`);
  }
  await Promise.all(workers.map((w) => w.worker.close()));
}
await Promise.all([...pythonWorkers.values()].map((p) => p.close()));
rmSync(scratch, { recursive: true, force: true });
load.end = loadavg().map((v) => Number(v.toFixed(2)));

// fused rows: how many times faster than the composed row of the same case, backend and checkout;
// every row: its median over the baseline's same row, and over the case's PyTorch row
for (const r of rows) {
  /** @param {ResultRow} o */
  const same = (o) => o.case === r.case && o.backend === r.backend;
  const composed = rows.find((o) => same(o) && o.checkout === r.checkout && o.impl === 'composed');
  if (r.impl === 'fused' && composed) r.speedup = composed.medianMs / r.medianMs;
  const base = rows.find((o) => same(o) && o.checkout === 'baseline' && o.impl === r.impl);
  if (r.checkout === 'this' && base) r.vsBaseline = r.medianMs / base.medianMs;
  const torch = rows.find((o) => o.case === r.case && o.backend === 'pytorch-cpu');
  if (r.backend === 'cpu' && torch) r.vsPytorch = r.medianMs / torch.medianMs;
}

const date = new Date().toISOString().slice(0, 10);
const slug = `${date}-${machine.host.replace(/[^a-z0-9-]/gi, '')}`;
const result = { date: new Date().toISOString(), machine, load, runs, baseline: baseline ? resolve(baseline) : null, rows };
const outDir = arg('out', join(root, 'bench', 'results'));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${slug}.json`), JSON.stringify(result, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
/**
 * @param {number | undefined} v
 * @param {number} [digits]
 */
const num = (v, digits = 1) => (v === undefined ? '' : v.toFixed(digits));
/** @param {number | undefined} v */
const ratio = (v) => (v === undefined ? '' : `${v.toFixed(2)}×`);
const table = [
  `Measured ${result.date.slice(0, 16)} on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}; WebGPU device per row.`,
  `Load average (1, 5, 15 min) ${load.start.join(', ')} at the start, ${load.end.join(', ')} at the end. Rows of a case ran interleaved, one step each per round.`,
  '',
  'Speed-up: composed median / fused median, same case, backend and run. vs baseline, vs PyTorch: this row\'s median / that row\'s.',
  'CPU ms: median CPU time of the row\'s process per step (all threads, user + system).',
  'Bound: min bytes at the bandwidth the backend reached on this machine (CPU: native 64 MiB copy; WebGPU: element-wise',
  'tfjs kernel), and how many times the median is above it.',
  ...rows.filter((r) => r.computes).map((r) => `PyTorch row (${r.case}): ${r.computes}.`),
  '',
  '| case | backend | impl | median ms | min–max ms | CPU ms | speed-up | vs baseline | vs PyTorch | kernels | kernels/head | reads | peak MiB | min MiB | bound ms | × bound | device |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.case} | ${r.backend} | ${r.impl}${r.checkout === 'baseline' ? ' (baseline)' : ''} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} | ${r.cpuMedianMs.toFixed(1)} | ` +
      `${r.speedup ? `${r.speedup.toFixed(1)}×` : ''} | ${ratio(r.vsBaseline)} | ${ratio(r.vsPytorch)} | ${r.kernels ?? ''} | ` +
      `${r.kernels === undefined || r.heads === undefined ? '' : (r.kernels / r.heads).toFixed(0)} | ${r.reads ?? ''} | ` +
      `${r.peakBytes === undefined ? '' : mib(r.peakBytes)} | ${r.minBytes === undefined ? '' : mib(r.minBytes)} | ${num(r.boundMs, 2)} | ` +
      `${r.boundMs === undefined ? '' : (r.medianMs / r.boundMs).toFixed(1)} | ${r.device} |`,
  ),
].join('\n');
writeFileSync(join(outDir, 'latest.md'), table + '\n');
console.log('\n' + table);
