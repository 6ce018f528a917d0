// Backend agreement: the same random cases (the property suite's generator, extremes included)
// give the same loss terms and gradients on WebGPU and on the CPU backend, within
//   |webgpu − cpu| <= 1e-4 · max(|webgpu|, |cpu|) + 1e-5
// (1e-4 relative; the 1e-5 absolute floor covers entries that are 0 up to float32 rounding of
// larger intermediates, e.g. σ(z) − t at z = −80, 1.8e-35 on one backend and 0 on the other).
// Only meaningful in the webgpu project: it switches to 'cpu' inside the test and back.
// Cases whose discrete choices differ between the backends (a near-tie) are discarded.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu'; // registers 'cpu' in the webgpu project too
import { testBackend } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, fcParameters, lossCase, TEST_TIMEOUT_MS, type Evaluated, type LossCase } from './arbitraries.js';
import { kits, versions, type Kit } from './kits.js';

const REL = 1e-4;
const ABS = 1e-5;
const numRuns = Number(process.env.YOLO_LOSS_FC_RUNS ?? 25);
const onCpuProject = testBackend() !== 'webgpu';

/** Throws naming the first entry outside the tolerance. */
function assertAgree(gpu: Evaluated, cpu: Evaluated): void {
  const pairs: [string, Float32Array, Float32Array][] = [
    ['terms [total, box, obj, noobj, cls, dfl]', gpu.terms, cpu.terms],
    ...gpu.grads.map((g, h): [string, Float32Array, Float32Array] => [`gradient of head ${h}`, g, cpu.grads[h]!]),
  ];
  for (const [label, a, b] of pairs) {
    for (let i = 0; i < a.length; i++) {
      const allowed = REL * Math.max(Math.abs(a[i]!), Math.abs(b[i]!)) + ABS;
      if (!(Math.abs(a[i]! - b[i]!) <= allowed)) {
        throw new Error(`${label}, entry ${i}: webgpu ${a[i]} vs cpu ${b[i]} (allowed ${allowed})`);
      }
    }
  }
}

/** The discrete choices of a case (responsible, ignored and dropped slots), as text. */
async function choices(kit: Kit, c: LossCase): Promise<string> {
  const shapes = kit.shapes(c.batch);
  const heads = c.heads.map((v, i) => tf.tensor4d(v, shapes[i]));
  try {
    return JSON.stringify(await kit.assignment(heads, c.gt, c.options));
  } finally {
    tf.dispose(heads);
  }
}

describe('CPU and WebGPU agree on the same random cases', () => {
  afterEach(async () => {
    if (!onCpuProject) await tf.setBackend('webgpu');
  });

  for (const version of versions) {
    for (const preset of kits[version].presets) {
      it.skipIf(onCpuProject)(
        `${version} ${preset}: terms and gradients within 1e-4 relative (runs in the webgpu project only)`,
        async () => {
          const kit = kits[version];
          await fc.assert(
            fc.asyncProperty(lossCase(version, preset), async (c) => {
              await tf.setBackend('webgpu');
              const gpu = await evaluate(kit, c);
              const gpuChoice = await choices(kit, c);
              await tf.setBackend('cpu');
              const cpu = await evaluate(kit, c);
              const cpuChoice = await choices(kit, c);
              await tf.setBackend('webgpu');
              // A near-tie (v1's responsible predictor, an IoU at the ignore threshold) may fall
              // either way by one float32 ulp; the loss is discontinuous there. Such cases are
              // discarded, not compared (fast-check counts them; too many would fail the run).
              fc.pre(gpuChoice === cpuChoice);
              assertAgree(gpu, cpu);
            }),
            fcParameters(numRuns),
          );
          expect(tf.getBackend()).toBe('webgpu');
        },
        TEST_TIMEOUT_MS,
      );
    }
  }
});
