#!/usr/bin/env node
// `npm test`: every package's vitest suite on each backend (turbo: cpu, webgpu and wasm projects per
// package; tooling/backend-matrix runs the parity fixtures on webgl in headless Chromium), then the plain-node
// checks (once, then 20 times with a cold shader cache: exit-repeat.mjs), then one line
// `N passed, N failed` adding all of them up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pnpm = (args, env = {}) =>
  spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const packageDirs = ['packages', 'tooling', 'docs']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')));
for (const dir of packageDirs) rmSync(join(dir, '.reports'), { recursive: true, force: true });

const failedSteps = [];
// Build first: the plain-node checks import the published entry points (dist/).
if (pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) failedSteps.push('build');
// --summarize records each task's exit code: a suite whose tests all passed can still fail (an
// unhandled error, a worker that died), and the last lines of the log must say which one.
const runsDir = join(root, '.turbo', 'runs');
rmSync(runsDir, { recursive: true, force: true });
if (pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue', '--summarize', ...process.argv.slice(2)]) !== 0) {
  failedSteps.push('vitest');
}
const failedTasks = [];
for (const file of existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.json')) : []) {
  const run = JSON.parse(readFileSync(join(runsDir, file), 'utf8'));
  for (const task of run.tasks ?? []) {
    const code = task.execution?.exitCode;
    if (code !== undefined && code !== null && code !== 0) failedTasks.push(`${task.taskId} (exit ${code})`);
  }
}
const nodeChecks = spawnSync(process.execPath, [join(root, 'tooling/scripts/node-checks.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (nodeChecks.status !== 0) failedSteps.push('node-checks');
// The same checks 20 times with an empty shader cache each: WebGPU scripts must exit cleanly.
const exitRepeat = spawnSync(process.execPath, [join(root, 'tooling/scripts/exit-repeat.mjs'), '--runs', '20'], {
  cwd: root,
  stdio: 'inherit',
});
if (exitRepeat.status !== 0) failedSteps.push('exit-repeat');

let passed = 0;
let failed = 0;
const perProject = [];
const failedTests = [];
for (const dir of packageDirs) {
  const file = join(dir, '.reports', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') {
        failed++;
        failedTests.push(`${dir.slice(root.length + 1)}: ${suite.name.slice(dir.length + 1)} > ${t.fullName}`);
      }
    }
  }
  perProject.push(`${dir.slice(root.length + 1)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
const nodeReport = join(root, '.reports', 'node-checks.json');
if (existsSync(nodeReport)) {
  const r = JSON.parse(readFileSync(nodeReport, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  perProject.push(`node-checks (plain node): ${r.passed} passed, ${r.failed} failed`);
}
const repeatReport = join(root, '.reports', 'exit-repeat.json');
if (existsSync(repeatReport)) {
  const r = JSON.parse(readFileSync(repeatReport, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  perProject.push(`exit-repeat (node-checks, cold shader cache each run): ${r.passed} passed, ${r.failed} failed`);
}
if (failedSteps.length > 0 && failed === 0) failed = failedSteps.length; // a crashed step counts as a failure
mkdirSync(join(root, '.reports'), { recursive: true });
writeFileSync(
  join(root, '.reports', 'summary.json'),
  JSON.stringify({ passed, failed, failedSteps, failedTasks, failedTests }, null, 2),
);
console.log('\n' + perProject.join('\n'));
for (const name of failedTests) console.log(`FAILED ${name}`);
for (const task of failedTasks) console.log(`failed task: ${task}`);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
