#!/usr/bin/env node
// `npm run bench`: every case on every available backend; writes
// bench/results/<date>-<machine>.json, bench/results/latest.json and a markdown table.
//   --backends cpu,webgpu   --runs 10   --cases v1,v3   --impls composed,fused   --out <dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { benchCases } from './cases.mjs';
import { measureBandwidth } from './bandwidth.mjs';
import { measure } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/**
 * The value after `--name` on the command line, else `fallback`.
 * @param {string} name
 * @param {string} fallback
 */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
if (process.argv.includes('--help')) {
  console.log('npm run bench -- [--backends cpu,webgpu] [--runs 10] [--cases <substring,...>] [--impls composed,fused] [--out bench/results]');
  process.exit(0);
}
const runs = Number(arg('runs', '10'));
// a run of 0 (or NaN) leaves no time to take a median of
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got ${arg('runs', '10')}`);
const wanted = arg('backends', 'cpu,webgpu').split(',');
const filters = arg('cases', '').split(',').filter(Boolean);
const impls = arg('impls', 'composed,fused').split(',');
const cases = benchCases().filter((c) => filters.length === 0 || filters.some((f) => c.name.startsWith(f) || c.name.includes(f)));

/**
 * One case on one backend with one implementation: its timings and counts, and (fused rows) how
 * many times faster than the composed row.
 * @typedef {{ case: string, backend: string, impl: string, device: string, heads: number,
 *   bandwidthGBs: number, boundMs: number, speedup?: number }
 *   & Awaited<ReturnType<typeof measure>>} Row
 */
/** @type {Row[]} */
const rows = [];
/** @type {readonly import('@yolo-loss/backend').BackendChoice[]} */
const CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'tensorflow', 'cpu'];
/**
 * @param {string} name
 * @returns {name is import('@yolo-loss/backend').BackendChoice}
 */
const isChoice = (name) => CHOICES.some((c) => c === name);
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, host: hostname(), node: process.version };
for (const backend of wanted) {
  if (!isChoice(backend)) {
    console.log(`skipping ${backend}: not a backend (${CHOICES.join(', ')})`);
    continue;
  }
  let info;
  try {
    info = await initBackend({ backend, log: false });
  } catch (error) {
    console.log(`skipping ${backend}: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  const device = info.adapter ? `${info.adapter.vendor} ${info.adapter.description || info.adapter.device}`.trim() : machine.cpu;
  const bytesPerMs = await measureBandwidth();
  console.log(`${backend}: ${device}, bandwidth ${(bytesPerMs / 1e6).toFixed(1)} GB/s`);
  for (const c of cases) {
    for (const impl of c.impls.filter((i) => impls.includes(i))) {
      const { inputs, loss } = c.build(impl);
      const r = await measure(inputs, loss, { runs });
      tf.dispose(inputs);
      const boundMs = r.minBytes / bytesPerMs;
      const row = { case: c.name, backend, impl, device, heads: inputs.length, ...r, bandwidthGBs: bytesPerMs / 1e6, boundMs };
      rows.push(row);
      console.log(
        `${backend.padEnd(7)} ${impl.padEnd(8)} ${c.name.padEnd(40)} median ${r.medianMs.toFixed(1).padStart(8)} ms  [${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}]  ` +
          `kernels ${r.kernels}  reads ${r.reads}  peak ${(r.peakBytes / 2 ** 20).toFixed(1)} MiB  min ${(r.minBytes / 2 ** 20).toFixed(1)} MiB  ` +
          `bound ${boundMs.toFixed(2)} ms (×${(r.medianMs / boundMs).toFixed(0)})`,
      );
    }
  }
}
await disposeBackend();

// fused rows: how many times faster than the composed row of the same case and backend
for (const r of rows) {
  const composed = rows.find((o) => o.case === r.case && o.backend === r.backend && o.impl === 'composed');
  if (r.impl === 'fused' && composed) r.speedup = composed.medianMs / r.medianMs;
}

const date = new Date().toISOString().slice(0, 10);
const slug = `${date}-${machine.host.replace(/[^a-z0-9-]/gi, '')}`;
const result = { date: new Date().toISOString(), machine, runs, rows };
const outDir = arg('out', join(root, 'bench', 'results'));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${slug}.json`), JSON.stringify(result, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
/** @param {number} b - bytes */
const mib = (b) => (b / 2 ** 20).toFixed(1);
const table = [
  `Measured ${result.date.slice(0, 16)} on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}; WebGPU device per row.`,
  '',
  'Speed-up: composed median / fused median, same case, backend and run. Bound: min bytes at the bandwidth the backend reached on this machine',
  '(CPU: native 64 MiB copy; WebGPU: element-wise tfjs kernel), and how many times the median is above it.',
  '',
  '| case | backend | impl | median ms | min–max ms | speed-up | kernels | kernels/head | reads | peak MiB | min MiB | bound ms | × bound | device |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.case} | ${r.backend} | ${r.impl} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} | ` +
      `${r.speedup ? `${r.speedup.toFixed(1)}×` : ''} | ${r.kernels} | ${(r.kernels / r.heads).toFixed(0)} | ${r.reads} | ` +
      `${mib(r.peakBytes)} | ${mib(r.minBytes)} | ${r.boundMs.toFixed(2)} | ${(r.medianMs / r.boundMs).toFixed(0)} | ${r.device} |`,
  ),
].join('\n');
writeFileSync(join(outDir, 'latest.md'), table + '\n');
console.log('\n' + table);
