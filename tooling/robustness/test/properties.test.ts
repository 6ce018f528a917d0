// Numerical safety, searched for with fast-check: for random raw predictions including extremes
// (logits ±80, tw/th up to ±50) and random ground truth including degenerate boxes, every loss
// term and every gradient entry is finite — each version, each preset, on the project's backend.
// A failure fails the test with fast-check's seed, path and shrunk counterexample.
import { testBackend } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertFinite, evaluate, fcParameters, lossCase, TEST_TIMEOUT_MS } from './arbitraries.js';
import { kits, versions } from './kits.js';

// lavapipe (software Vulkan) is ~10× slower than the CPU backend here: fewer runs there.
// YOLO_LOSS_FC_RUNS=2000 searches longer (locally).
const numRuns = Number(process.env.YOLO_LOSS_FC_RUNS ?? (testBackend() === 'webgpu' ? 30 : 150));

describe(`numerical safety on ${testBackend()} (${numRuns} random cases per version × preset)`, () => {
  for (const version of versions) {
    for (const preset of kits[version].presets) {
      it(`${version} ${preset}: every term and every gradient entry is finite`, async () => {
        const kit = kits[version];
        await fc.assert(
          fc.asyncProperty(lossCase(version, preset), async (c) => {
            assertFinite(await evaluate(kit, c));
          }),
          fcParameters(numRuns, `properties ${version} ${preset}`),
        );
      }, TEST_TIMEOUT_MS);
    }
  }

});
