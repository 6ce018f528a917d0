// No leaks: training steps of a version (variableGrads + Adam, as the READMEs show), and the
// forward-only, decode and assignment paths, keep tf.memory().numTensors and numBytes flat —
// with each implementation (`'fused'`: the backend's fused kernels, `'composed'`: tfjs ops). CI runs 30 steps per case; `npm run test:leaks` runs 1 000 (scripts/leaks-1000.mjs).
// One test file per version (test/leaks/*.test.ts), each in its own worker: on WebGPU over
// lavapipe every program and shape a process runs keeps memory mappings until the device goes
// (docs/backends.md, "Memory mappings on lavapipe").
import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak } from '@yolo-loss/test-utils';
import { afterAll, describe, it } from 'vitest';
import { kits, resultTensors, validGt, type Kit, type Version } from './kits.js';

const STEPS = Number(process.env.YOLO_LOSS_LEAK_STEPS ?? 30);

/** Free prediction variables for a batch of 2, small random values (seeded), kept in `made`. */
function variables(kit: Kit, made: tf.Tensor[]): tf.Variable[] {
  return kit.shapes(2).map((s, i) => {
    const v = tf.variable(tf.randomNormal(s, 0, 0.5, 'float32', 7 + i));
    made.push(v);
    return v;
  });
}

/**
 * The `implementation` option of each case: every version runs each one in turn (`'fused'` is
 * also what the default `'auto'` picks on cpu and webgpu).
 */
const implementations: { implementation: 'fused' | 'composed' }[] = [{ implementation: 'fused' }, { implementation: 'composed' }];
const named = ({ implementation }: { implementation: string }): string => ` (${implementation})`;

/**
 * The leak tests of one version: a training step per preset and implementation, then the
 * forward-only loss, decode and assignment per implementation.
 */
export function describeLeaks(version: Version): void {
  const kit = kits[version];
  describe(`${version}: no tensor leaks over ${STEPS} steps`, () => {
    const made: tf.Tensor[] = [];
    afterAll(() => tf.dispose(made));

    for (const preset of kit.presets) {
      for (const choice of implementations) {
        it(`${version} ${preset}${named(choice)}: training step (variableGrads + Adam)`, async () => {
          const vars = variables(kit, made);
          const options = { ...kit.small(preset), ...choice };
          const gt = validGt(2);
          const optimizer = tf.train.adam(1e-3);
          await expectNoTensorLeak(async () => {
            const { value, grads } = tf.variableGrads(() => kit.loss(vars as tf.Variable<tf.Rank.R4>[], gt, options).total, vars);
            optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
            // Wait for the step as a loop that logs its loss does: on WebGPU, steps queued without
            // a wait each take fresh buffers (the last step's are still in flight).
            await value.data();
            tf.dispose([value, ...Object.values(grads)]);
          }, STEPS);
          optimizer.dispose();
        });
      }
    }

    for (const choice of implementations) {
      it(`${version}${named(choice)}: forward-only loss, decode and assignment`, async () => {
        const heads = variables(kit, made) as tf.Tensor4D[];
        const options = kit.small(kit.presets.at(-1)!);
        const gt = validGt(2);
        await expectNoTensorLeak(async () => {
          const r = kit.loss(heads, gt, { ...options, ...choice });
          tf.dispose(resultTensors(r));
          await kit.decode(heads, { ...options, scoreThreshold: 0.1 });
          await kit.assignment(heads, gt, options);
        }, Math.max(3, Math.round(STEPS / 5)));
      });
    }
  });
}
