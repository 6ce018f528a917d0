#!/usr/bin/env node
// Checks that must hold in plain Node ESM, outside vitest's module runner: the built
// @yolo-loss/backend loads, registers gradients, and its numerics differentiate on every
// backend; all packages resolve one tfjs-core. Writes .reports/node-checks.json (not with
// --no-report, as the cold-cache exit repeat runs it).
import { strict as assert } from 'node:assert';
import { mkdirSync, realpathSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, disposeBackend, divOrZero, initBackend, safeSqrt } from '@yolo-loss/backend';
import { probeWebGPU } from '@yolo-loss/vitest-config';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, ok: false, error: String(error?.stack ?? error) });
    console.log(`  ✗ ${name}\n    ${String(error?.message ?? error)}`);
  }
}
const close = (a, b, tol, what) =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `${what}[${i}]: ${v} vs ${b[i]}`));

console.log('node-checks (plain node, built packages)');
const backends = ['cpu'];
if (probeWebGPU().ok || process.env.YOLO_LOSS_REQUIRE_WEBGPU === '1') backends.push('webgpu');

for (const backend of backends) {
  await check(`[${backend}] initBackend selects ${backend}`, async () => {
    const info = await initBackend({ backend, log: false });
    assert.equal(info.backend, backend);
    assert.equal(tf.getBackend(), backend);
  });
  await check(`[${backend}] tf.grad through bceWithLogits = σ(z) − t, finite at ±80`, async () => {
    const z = tf.tensor1d([-80, -3, 0, 0.5, 80]);
    const t = tf.tensor1d([0, 1, 0.5, 0, 1]);
    const loss = (x) => tf.sum(bceWithLogits(x, t));
    const g = await tf.grad(loss)(z).data();
    const zs = [-80, -3, 0, 0.5, 80];
    const ts = [0, 1, 0.5, 0, 1];
    close(Array.from(g), zs.map((v, i) => 1 / (1 + Math.exp(-v)) - ts[i]), 1e-6, 'grad');
    const value = await loss(z).data();
    assert.ok(Number.isFinite(value[0]), 'loss finite');
  });
  await check(`[${backend}] safeSqrt and divOrZero keep finite gradients at 0`, async () => {
    const x = tf.tensor1d([0, 1e-12, 4]);
    const gs = await tf.grad((v) => tf.sum(safeSqrt(v)))(x).data();
    assert.ok(Array.from(gs).every(Number.isFinite), `safeSqrt grad ${gs}`);
    const b = tf.tensor1d([0, 2, 0]);
    const gd = await tf.grad((v) => tf.sum(divOrZero(tf.ones([3]), v)))(b).data();
    close(Array.from(gd), [0, -0.25, 0], 1e-6, 'divOrZero grad');
  });
  await check(`[${backend}] a loss step leaves no tensors behind`, async () => {
    const z = tf.variable(tf.randomNormal([64]));
    const t = tf.zeros([64]);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.mean(bceWithLogits(z, t)));
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([z, t]);
  });
}

await check('every package resolves the same tfjs-core file and engine', async () => {
  const paths = new Set();
  for (const group of ['packages', 'tooling']) {
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(root, group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      try {
        paths.add(realpathSync(createRequire(manifest).resolve('@tensorflow/tfjs-core')));
      } catch {
        // packages that do not depend on tfjs-core
      }
    }
  }
  assert.equal(paths.size, 1, `tfjs-core resolves to ${[...paths].join(', ')}`);
  const viaBackend = createRequire(join(root, 'packages/backend/package.json'))('@tensorflow/tfjs-core');
  assert.equal(viaBackend.engine(), tf.engine(), 'one engine instance');
});

// Release the WebGPU device (waits for the GPU) before the explicit exit below.
await disposeBackend();

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (!process.argv.includes('--no-report')) {
  mkdirSync(join(root, '.reports'), { recursive: true });
  writeFileSync(join(root, '.reports', 'node-checks.json'), JSON.stringify({ passed, failed, results }, null, 2));
}
console.log(`node-checks: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
