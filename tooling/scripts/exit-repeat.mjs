#!/usr/bin/env node
// The plain-node WebGPU checks, run again and again, each time with a fresh and empty Mesa
// shader cache: a WebGPU device that is still compiling a shader when the process exits used to
// crash the exit (SIGSEGV after the last line) in some of these runs. Every run must exit 0.
//   node tooling/scripts/exit-repeat.mjs [--runs 20]
// Writes .reports/exit-repeat.json ({ passed, failed, runs }); one test per run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeWebGPU } from '@yolo-loss/vitest-config';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const i = process.argv.indexOf('--runs');
const count = i >= 0 ? Number(process.argv[i + 1]) : 20;
const report = (passed, failed, runs) => {
  mkdirSync(join(root, '.reports'), { recursive: true });
  writeFileSync(join(root, '.reports', 'exit-repeat.json'), JSON.stringify({ passed, failed, runs }, null, 2));
};

const required = process.env.YOLO_LOSS_REQUIRE_WEBGPU === '1';
if (!probeWebGPU().ok && !required) {
  console.log(`exit-repeat: skipped, no WebGPU adapter (${probeWebGPU().reason})`);
  report(0, 0, []);
  process.exit(0);
}

console.log(`exit-repeat: node-checks ${count} times, each with an empty shader cache`);
const runs = [];
for (let run = 1; run <= count; run++) {
  const cache = mkdtempSync(join(tmpdir(), 'yolo-loss-shader-cache-'));
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'tooling/scripts/node-checks.mjs'), '--no-report'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, YOLO_LOSS_REQUIRE_WEBGPU: '1', MESA_SHADER_CACHE_DIR: cache, MESA_SHADER_CACHE_DISABLE: 'false' },
    timeout: 180_000,
  });
  rmSync(cache, { recursive: true, force: true });
  const ok = r.status === 0 && r.signal === null;
  runs.push({ run, status: r.status, signal: r.signal, ms: Date.now() - started });
  const tail = ok ? '' : `\n${(r.stdout + r.stderr).trim().split('\n').slice(-8).join('\n')}`;
  console.log(`  ${ok ? '✓' : '✗'} run ${run}: exit ${r.status ?? '-'}${r.signal ? `, signal ${r.signal}` : ''} (${Date.now() - started} ms)${tail}`);
}
const passed = runs.filter((r) => r.status === 0 && r.signal === null).length;
const failed = runs.length - passed;
report(passed, failed, runs);
console.log(`exit-repeat: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
