#!/usr/bin/env node
// `npm run bench`: every case on every backend it is for; writes bench/results/<date>-<machine>.json,
// bench/results/latest.json and latest.md (the machine, the targets of issue 16, every row).
//   --backends cpu,webgpu,wasm,webgl   --runs <most rounds, every backend>   --case-seconds 30
//   --cases v1,v3   --impls composed,fused   --out <dir>
//   --baseline <checkout>   another built checkout of this repository, measured beside this one
//   --python <path>         a Python with PyTorch for the PyTorch rows (default: python3, /usr/bin/python3)
//   --no-pytorch            skip the PyTorch rows
//   --in-process            measure this checkout in this process (no workers: for bundles; no --baseline, no webgl)
//   --row-minutes 5         a row whose preparation or one timed step takes longer is abandoned (listed with the reason)
//
// Each row runs in its own process — src/worker.mjs per checkout and backend; for webgl a headless
// Chromium page (browser-runner.mjs); the PyTorch step in Python — and the rows of a case take
// turns: round r times one step of every row, in an order rotated each round. So rows compared
// with each other — composed and fused, this checkout and the baseline, ours and PyTorch — see the
// same machine load, whatever else the machine runs. A row that cannot run on a backend (no fused
// kernel there, a package the checkout lacks, an error) is listed with the reason.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, hostname, loadavg, release, tmpdir, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, startBrowserWorker } from './browser-runner.mjs';
import { BACKENDS, benchCases } from './cases.mjs';
import { summarize } from './measure.mjs';
import { missingCells, planRows, timedRounds } from './plan.mjs';
import { renderMarkdown } from './report.mjs';
import { findPyTorch, inProcessWorker, parseJson, startWorker } from './runners.mjs';

/** @typedef {import('./bench-types.js').BenchCase} BenchCase */
/** @typedef {import('./bench-types.js').ResultRow} ResultRow */
/** @typedef {import('./bench-types.js').SkippedRow} SkippedRow */
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
 * @property {string} [skip] - why it did not run (then it has no times)
 */
/**
 * @typedef {object} PytorchRow - the PyTorch row of a case
 * @property {'pytorch'} kind
 * @property {string} label
 * @property {import('./bench-types.js').BenchWorker} python
 * @property {import('./bench-types.js').PytorchPrepareReply} [stats]
 * @property {string} [skip]
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
/**
 * @param {string} name
 * @returns {string | null}
 */
const optionalArg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
};
/**
 * @param {string} name
 * @param {string} fallback
 */
const arg = (name, fallback) => optionalArg(name) ?? fallback;
if (process.argv.includes('--help')) {
  console.log(
    'npm run bench -- [--backends cpu,webgpu,wasm,webgl] [--runs <n>] [--case-seconds 30] [--row-minutes 5] [--cases <substring,...>] [--impls composed,fused]\n' +
      '                 [--out bench/results] [--baseline <other built checkout>] [--python <python with torch>] [--no-pytorch] [--in-process]',
  );
  process.exit(0);
}
/** The most timed rounds per case on each backend (`--runs` sets one for all): software GPUs and wasm take seconds a step. */
const ROUNDS = /** @type {Record<string, number>} */ ({ cpu: 10, webgpu: 8, wasm: 5, webgl: 3 });
const runsArg = optionalArg('runs');
const runs = runsArg === null ? null : Number(runsArg);
if (runs !== null && !(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs must be a positive integer, got '${runsArg}'`);
const caseSeconds = Number(arg('case-seconds', '30'));
const rowMinutes = Number(arg('row-minutes', '5'));
if (!(rowMinutes > 0)) throw new Error(`--row-minutes must be a positive number, got '${optionalArg('row-minutes')}'`);
if (!(caseSeconds > 0)) throw new Error(`--case-seconds must be a positive number, got '${optionalArg('case-seconds')}'`);
const wanted = arg('backends', BACKENDS.join(',')).split(',');
const unknown = wanted.filter((b) => !BACKENDS.includes(b));
if (unknown.length > 0) throw new Error(`--backends: unknown ${unknown.join(', ')} (known: ${BACKENDS.join(', ')})`);
const filters = arg('cases', '').split(',').filter(Boolean);
const impls = arg('impls', 'composed,fused').split(',');
const inProcess = process.argv.includes('--in-process');
const baseline = inProcess ? null : optionalArg('baseline');
// the case list only: names, implementations, backends (no tensors are built here)
const allCases = benchCases(/** @type {import('./bench-types.js').BenchLib} */ (/** @type {unknown} */ ({ tf: null })));
const cases = allCases.filter((c) => filters.length === 0 || filters.some((f) => c.name.startsWith(f) || c.name.includes(f)));
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

const started = performance.now();
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, host: hostname(), node: process.version, os: `${type()} ${release()} ${arch()}` };
const loadStart = loadavg().map((v) => Number(v.toFixed(2)));
const scratch = mkdtempSync(join(tmpdir(), 'yolo-loss-bench-'));
/** The versions of what measured, from this checkout's bench package (its tfjs, Dawn, playwright). */
const versions = (() => {
  const require = createRequire(join(root, 'tooling', 'bench', 'package.json'));
  /** @type {Record<string, string>} */
  const found = {};
  const packages = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', 'webgpu', 'playwright-core'];
  for (const name of packages) {
    try {
      const pkg = parseJson(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
      const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
      found[name === 'webgpu' ? 'webgpu (Dawn for Node)' : name] = version;
    } catch {
      // not installed: not named
    }
  }
  return found;
})();
/** @type {ResultRow[]} */
const rows = [];
/** @type {SkippedRow[]} */
const skipped = [];
/** @type {import('./bench-types.js').BenchResult['backends']} */
const backendInfo = {};
/** @param {number} b - bytes */
const mib = (b) => (b / 2 ** 20).toFixed(1);
/** @param {ResultRow} r */
const line = (r) =>
  `${r.backend.padEnd(11)} ${r.impl.padEnd(19)} ${r.case.padEnd(40)} median ${r.medianMs.toFixed(1).padStart(8)} ms  [${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}]` +
  (r.cpuMedianMs === null ? '' : `  CPU ${r.cpuMedianMs.toFixed(1)} ms`) +
  (r.kernels === undefined
    ? ''
    : `  kernels ${r.kernels}  reads ${r.reads}  peak ${mib(r.peakBytes ?? 0)} MiB  min ${mib(r.minBytes ?? 0)} MiB  bound ${(r.boundMs ?? 0).toFixed(2)} ms (×${(r.medianMs / (r.boundMs ?? 1)).toFixed(0)})`);
/**
 * `promise`, or a rejection once it has taken longer than `--row-minutes` (composed YOLOv8 on a
 * software WebGL takes far longer a step); the caller then restarts the worker.
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
function withinRowLimit(promise, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${rowMinutes} min`)), rowMinutes * 60_000);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, limit])).finally(() => clearTimeout(timer));
}
/** @param {unknown} error */
const message = (error) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
/**
 * @param {BenchCase} c
 * @returns {import('./bench-types.js').CaseFields}
 */
const caseFields = (c) => ({ case: c.name, version: c.version, role: c.role, batch: c.batch, boxes: c.boxes });

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
  versions['PyTorch'] = pytorch.torch;
} else if (hasPytorchRows && wanted.includes('cpu')) {
  console.log('no Python with PyTorch found (--python): no PyTorch rows');
}

/**
 * Starts the process (or page) that measures `dir` on `backend` and initialises the backend there.
 * @param {string} backend
 * @param {string} label
 * @param {string} dir
 * @returns {Promise<CheckoutWorker>}
 */
async function startCheckoutWorker(backend, label, dir) {
  /** @type {import('./bench-types.js').BenchWorker} */
  let worker;
  if (backend === 'webgl') {
    if (inProcess) throw new Error('webgl runs in a browser page, not --in-process');
    const page = await startBrowserWorker(dir, `${backend}${label}`);
    versions['Chromium'] = page.browserVersion.replace(/^Chromium /, '');
    worker = page;
  } else if (inProcess) {
    worker = inProcessWorker((await import('./bench-rows.mjs')).benchRows((await import('./lib.mjs')).lib), backend);
  } else {
    worker = startWorker(process.execPath, [join(here, 'worker.mjs'), '--checkout', dir], `${backend}${label}`);
  }
  try {
    const info = /** @type {import('./bench-types.js').InitReply} */ (await worker.request('init', { backend }));
    return { worker, label, dir, device: info.device ?? machine.cpu, bytesPerMs: info.bytesPerMs };
  } catch (error) {
    await worker.close().catch(() => {});
    throw error;
  }
}

/**
 * Replaces a worker that failed (a wasm abort, a lost WebGL context, a crash) with a fresh one.
 * The rows it had prepared are gone: they are prepared again.
 * @param {CheckoutWorker} w
 * @param {string} backend
 * @param {(NodeRow | PytorchRow)[]} group
 */
async function restart(w, backend, group) {
  await w.worker.close().catch(() => {});
  const fresh = await startCheckoutWorker(backend, w.label, w.dir);
  w.worker = fresh.worker;
  for (const row of group) {
    if (row.kind === 'node' && row.w === w) delete row.id;
  }
}

/**
 * Prepares every row of a group that is not prepared and not skipped; a row whose prepare fails
 * is skipped with the error, its worker restarted and the rows that worker lost prepared again.
 * @param {BenchCase} c
 * @param {string} backend
 * @param {(NodeRow | PytorchRow)[]} group
 */
async function prepareRows(c, backend, group) {
  for (let k = 0; k < group.length; k++) {
    const row = /** @type {NodeRow | PytorchRow} */ (group[k]);
    if (row.kind !== 'node' || row.id !== undefined || row.skip !== undefined) continue;
    try {
      const reply = /** @type {import('./bench-types.js').PrepareReply} */ (
        await withinRowLimit(row.w.worker.request('prepare', { name: c.name, impl: row.impl }), 'its warm-up and profiled steps')
      );
      if (reply.skip !== undefined) {
        row.skip = reply.skip;
        continue;
      }
      const { row: id, ...stats } = reply;
      row.id = id;
      row.stats ??= stats; // a row prepared again keeps its first stats
    } catch (error) {
      row.skip = `failed: ${message(error)}`;
      console.log(`  ${backend} ${row.label} ${c.name}: ${row.skip}`);
      await restart(row.w, backend, group);
      k = -1; // prepare again what the restarted worker lost
    }
  }
}

const plan = planRows(cases, wanted, impls);
for (const backend of wanted) {
  const checkouts = [{ label: '', dir: root }, ...(baseline ? [{ label: ' (baseline)', dir: resolve(baseline) }] : [])];
  /** @type {CheckoutWorker[]} */
  const workers = [];
  /** @type {string | null} */
  let skip = null;
  for (const { label, dir } of checkouts) {
    try {
      const w = await startCheckoutWorker(backend, label, dir);
      workers.push(w);
      console.log(`${backend}${label}: ${w.device}, bandwidth ${(w.bytesPerMs / 1e6).toFixed(1)} GB/s (${inProcess ? 'this process' : dir})`);
    } catch (error) {
      skip = message(error);
    }
  }
  const planned = plan.filter((p) => p.backend === backend);
  const maxRounds = runs ?? ROUNDS[backend] ?? 5;
  if (skip !== null || workers.length === 0) {
    const reason = `the ${backend} backend is not available here: ${skip ?? 'no worker'}`;
    console.log(`skipping ${backend}: ${reason}`);
    backendInfo[backend] = { skipped: reason };
    await Promise.all(workers.map((w) => w.worker.close()));
    for (const p of planned) for (const impl of p.impls) skipped.push({ ...caseFields(p.case), backend, impl, checkout: 'this', reason });
    continue;
  }
  const first = /** @type {CheckoutWorker} */ (workers[0]);
  backendInfo[backend] = { device: backend === 'webgl' ? `${first.device} in headless Chromium ${versions['Chromium'] ?? ''}`.trim() : first.device, bandwidthGBs: first.bytesPerMs / 1e6, rounds: maxRounds };
  for (const { case: c, impls: caseImpls } of planned) {
    /** @type {(NodeRow | PytorchRow)[]} */
    const group = [];
    for (const impl of caseImpls) {
      for (const w of workers) group.push({ kind: 'node', w, impl, label: `${impl}${w.label}` });
    }
    if (backend === 'cpu' && c.pytorch && pytorch !== null && existsSync(pythonScript(c.pytorch))) group.push({ kind: 'pytorch', label: 'pytorch', python: pythonFor(c.pytorch, pytorch.python) });
    // prepare every row (warm-up, profile, reads, loss terms), then the interleaved rounds
    await prepareRows(c, backend, group);
    const pytorchRow = group.find((r) => r.kind === 'pytorch');
    const source = group.find((r) => r.kind === 'node' && r.id !== undefined);
    if (pytorchRow && source?.kind === 'node') {
      const file = join(scratch, c.name.replace(/[^a-z0-9]+/gi, '-'));
      await source.w.worker.request('dump', { row: source.id, file });
      pytorchRow.stats = /** @type {import('./bench-types.js').PytorchPrepareReply} */ (await pytorchRow.python.request('prepare', { file }));
    } else if (pytorchRow) {
      pytorchRow.skip = 'no row of ours ran to give it the inputs';
    }
    const live = () => group.filter((r) => r.skip === undefined);
    // a round costs about the rows' warm step times: cut the rounds of a slow case
    const roundMs = live().reduce((sum, r) => sum + (r.kind === 'node' ? (r.stats?.warmMs ?? 0) : 0), 0);
    const rounds = timedRounds(maxRounds, caseSeconds, roundMs);
    /** @type {Map<NodeRow | PytorchRow, import('./bench-types.js').StepTime[]>} */
    const times = new Map(group.map((r) => [r, []]));
    for (let round = 0; round < rounds; round++) {
      const order = live();
      for (let k = 0; k < order.length; k++) {
        const row = /** @type {NodeRow | PytorchRow} */ (order[(round + k) % order.length]);
        if (row.skip !== undefined) continue; // failed earlier this round
        try {
          if (row.kind === 'node' && row.id === undefined) throw new Error('its worker was restarted and could not prepare it again');
          const t = /** @type {import('./bench-types.js').StepTime} */ (
            await withinRowLimit(row.kind === 'node' ? row.w.worker.request('step', { row: row.id }) : row.python.request('step', {}), 'one step')
          );
          times.get(row)?.push(t);
        } catch (error) {
          row.skip = `failed while timed: ${message(error)}`;
          console.log(`  ${backend} ${row.label} ${c.name}: ${row.skip}`);
          if (row.kind === 'node') {
            await restart(row.w, backend, group);
            await prepareRows(c, backend, group);
          }
        }
      }
    }
    for (const row of group) {
      if (row.kind === 'node' && row.id !== undefined) await row.w.worker.request('release', { row: row.id });
      const steps = times.get(row) ?? [];
      const checkout = row.kind === 'pytorch' ? 'pytorch' : row.w.label === '' ? 'this' : 'baseline';
      if (row.skip !== undefined || row.stats === undefined || steps.length === 0) {
        const reason = row.skip ?? 'not prepared';
        skipped.push({ ...caseFields(c), backend: row.kind === 'pytorch' ? 'pytorch-cpu' : backend, impl: row.kind === 'pytorch' ? 'pytorch' : row.impl, checkout, reason });
        console.log(`${backend.padEnd(11)} ${row.label.padEnd(19)} ${c.name.padEnd(40)} not run: ${reason}`);
        continue;
      }
      /** @type {ResultRow} */
      const result =
        row.kind === 'node'
          ? {
              ...caseFields(c),
              backend,
              impl: row.impl,
              checkout,
              device: row.w.device,
              ...summarize(steps),
              // what prepare measured, less its warm-up time
              kernels: row.stats.kernels,
              heads: row.stats.heads,
              reads: row.stats.reads,
              peakBytes: row.stats.peakBytes,
              minBytes: row.stats.minBytes,
              loss: row.stats.loss,
              bandwidthGBs: row.w.bytesPerMs / 1e6,
              boundMs: row.stats.minBytes / row.w.bytesPerMs,
            }
          : {
              ...caseFields(c),
              backend: 'pytorch-cpu',
              impl: 'pytorch',
              checkout,
              device: `PyTorch ${row.stats.torch}, ${row.stats.threads} threads, ${machine.cpu}`,
              computes: PYTORCH_ROW[c.pytorch ?? ''] ?? '',
              ...summarize(steps),
              loss: row.stats.loss,
            };
      rows.push(result);
      console.log(line(result));
    }
    const losses = rows.filter((r) => r.case === c.name && (r.backend === backend || r.checkout === 'pytorch')).map((r) => `${r.impl} ${r.loss['total']?.toPrecision(7)}`);
    if (losses.length > 0) console.log(`  loss (total): ${losses.join(', ')}`);
  }
  await Promise.all(workers.map((w) => w.worker.close()));
}
await Promise.all([...pythonWorkers.values()].map((p) => p.close()));
rmSync(scratch, { recursive: true, force: true });

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

/** @type {import('./bench-types.js').BenchResult} */
const result = {
  date: new Date().toISOString(),
  durationS: Math.round((performance.now() - started) / 1000),
  machine,
  versions,
  backends: backendInfo,
  load: { start: loadStart, end: loadavg().map((v) => Number(v.toFixed(2))) },
  caseSeconds,
  rowMinutes,
  baseline: baseline ? resolve(baseline) : null,
  rows,
  skipped,
};
const missing = missingCells(result, cases, wanted, impls);
const slug = `${result.date.slice(0, 10)}-${machine.host.replace(/[^a-z0-9-]/gi, '')}`;
const outDir = arg('out', join(root, 'bench', 'results'));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${slug}.json`), JSON.stringify(result, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
const markdown = renderMarkdown(result, { missing });
writeFileSync(join(outDir, 'latest.md'), markdown);
console.log('\n' + markdown);
if (wanted.includes('webgl') && !existsSync(chromiumPath())) console.log(`(no Chromium at ${chromiumPath()}: set CHROMIUM_PATH for the webgl rows)`);
