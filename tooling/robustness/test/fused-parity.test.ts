// fused ≡ composed, searched for with fast-check: for random YOLOv3/v4 set-ups (1–3 heads, grids,
// anchors, classes, batch, every config key the fused kernels read) with random ground truth
// (empty images and batches, colliding boxes that share a slot, degenerate boxes, anchor priors)
// and raw predictions including extremes (logits ±80, tw/th up to ±50), `implementation: 'fused'`
// (geometry's FusedYoloHead kernels) gives the five terms and the gradient of `total` w.r.t. every
// head of `'composed'` (the tfjs-ops reference) within the fixtures' tolerance
//   |fused − composed| <= 1e-5 + 1e-4 · |composed|
// and both are finite — on the project's backend. A failure fails the test with fast-check's
// seed, path and shrunk counterexample.
//
// YOLOv4 is not held to it yet: the search found counterexamples (docs/validation.md, "fused ≡
// composed"), to be fixed in geometry's fused-head. Until then its two tests are skipped unless
// YOLO_LOSS_PARITY_V4=1; remove that gate with the fix.
import { expectAllClose, testBackend, type Tolerance } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertFinite, evaluate, fcParameters, parityCase, TEST_TIMEOUT_MS } from './arbitraries.js';
import { kits, presets } from './kits.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const versions = ['yolov3', 'yolov4'] as const;
const knownDisagreement = (version: string): boolean => version === 'yolov4' && process.env.YOLO_LOSS_PARITY_V4 !== '1';

// lavapipe (software Vulkan) is several times slower than the CPU backend here: fewer runs there.
// YOLO_LOSS_FC_RUNS=2000 searches longer (locally).
const numRuns = Number(process.env.YOLO_LOSS_FC_RUNS ?? (testBackend() === 'webgpu' ? 120 : 500));

describe(`fused ≡ composed on ${testBackend()} (${numRuns} random cases per version × preset)`, () => {
  for (const version of versions) {
    for (const preset of presets) {
      const note = knownDisagreement(version) ? ' (known disagreement, skipped: YOLO_LOSS_PARITY_V4=1 runs it)' : '';
      it.skipIf(knownDisagreement(version))(
        `${version} ${preset}: terms and every gradient entry within 1e-5 + 1e-4·|composed|, all finite${note}`,
        async () => {
          const kit = kits[version];
          await fc.assert(
            fc.asyncProperty(parityCase(version, preset), async (c) => {
              const fused = await evaluate(kit, { ...c, options: { ...c.options, implementation: 'fused' } });
              const composed = await evaluate(kit, { ...c, options: { ...c.options, implementation: 'composed' } });
              assertFinite(composed);
              assertFinite(fused);
              expectAllClose(fused.terms, composed.terms, tolerance, 'terms [total, box, obj, noobj, cls]');
              fused.grads.forEach((g, h) => expectAllClose(g, composed.grads[h]!, tolerance, `gradient of head ${h}`));
            }),
            fcParameters(numRuns),
          );
        },
        TEST_TIMEOUT_MS,
      );
    }
  }
});
