#!/usr/bin/env node
// Time of one training step of one version, alone in this thread on the CPU backend, split into
// packing the batch, forward + loss + gradients (`tf.variableGrads`) and the Adam update
// (the numbers in docs/demo.md "Where a step went"). Run it with `node --cpu-prof` for a
// function-level profile.
//
//   node tooling/demo/scripts/step-time.mjs v3 [steps=40] [--composed]
//
// `--composed` runs YOLOv3/YOLOv4 with the packages' composed loss instead of the default
// (`implementation: 'auto'`, the fused one on the CPU). The first 5 steps are not counted.
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@yolo-loss/backend';
import { cpuAdam } from '../src/adam.mjs';
import { installFastKernels } from '../src/fast-kernels.mjs';
import { createModel, packBatch } from '../src/model.mjs';
import { datasets } from '../src/run-version.mjs';
import { createRng } from '../src/rng.mjs';
import { sampleBatch } from '../src/train.mjs';
import { loadVersion, VERSIONS } from '../src/versions.mjs';

const args = process.argv.slice(2);
const name = (args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'v3').replace(/^v(\d)$/, 'yolov$1');
const steps = Number(args.find((a) => /^\d+$/.test(a)) ?? 40);
const spec = VERSIONS[name];
if (!spec) throw new Error(`unknown version ${name}`);
if (args.includes('--composed')) spec.config = { ...spec.config, implementation: 'composed' };

await initBackend({ backend: 'cpu', log: false });
installFastKernels();
const impl = await loadVersion(spec);
if ('missing' in impl) throw new Error(impl.missing);
const { train } = datasets({ seed: 1, trainCount: 1024, valCount: 128, size: 96 });
const model = createModel({ seed: 10, heads: spec.heads });
const rng = createRng(5);
const optimizer = cpuAdam(3e-3);
const total = { pack: 0, grads: 0, adam: 0 };
const load = loadavg()[0];
for (let step = 0; step < steps + 5; step++) {
  const count = step >= 5;
  let t = performance.now();
  /** @param {keyof typeof total} key */
  const lap = (key) => {
    const now = performance.now();
    if (count) total[key] += now - t;
    t = now;
  };
  const batch = sampleBatch(train, 8, rng, spec.freebies ? (spec.mosaicFraction ?? 0.5) : 0);
  const x = packBatch(batch.images, 96);
  lap('pack');
  const { value, grads } = tf.variableGrads(() => impl.loss(model.apply(x), batch.boxes).total);
  Object.values(grads).forEach((g) => g.dataSync());
  lap('grads');
  optimizer.applyGradients(grads);
  tf.dispose([value, x, ...Object.values(grads)]);
  lap('adam');
}
/** @param {number} v - milliseconds over all steps */
const ms = (v) => (v / steps).toFixed(1);
console.log(
  `${name}${args.includes('--composed') ? ' (composed loss)' : ''}: ${ms(total.pack + total.grads + total.adam)} ms/step ` +
    `(pack ${ms(total.pack)}, forward + loss + gradients ${ms(total.grads)}, Adam ${ms(total.adam)}) over ${steps} steps; ` +
    `load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
);
model.dispose();
