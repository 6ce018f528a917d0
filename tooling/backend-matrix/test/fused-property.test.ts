// fused ≡ composed on webgl, searched for with fast-check: the robustness suite's random YOLOv3 and
// YOLOv4 set-ups (1–3 heads of 1–4 × 1–4 cells and 1–3 anchors, 1–4 classes, a batch of 1–3, any
// input size and anchors, every config key the fused kernels read; colliding, degenerate and
// cell-centred ground truth; logits ±80, tw/th up to ±50) run through the GLSL programs of the
// fused anchor-head kernel and through composed tfjs ops in the page; the five terms and the
// gradient of `total` w.r.t. every head agree within the fixtures' tolerance
//   |fused − composed| <= 1e-5 + 1e-4 · |composed|
// and both are finite. Fixed seeds (a run is reproducible); fewer runs than on the CPU: every new
// head shape compiles its WebGL programs on SwiftShader.
import { expectAllClose, type Tolerance } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertFinite, evaluate, parityCase } from '../../robustness/test/arbitraries.js';
import { kits } from '../../robustness/test/kits.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const numRuns = 10;
const seeds = { yolov3: 20261203, yolov4: 20261127 } as const;

for (const version of ['yolov3', 'yolov4'] as const) {
  const kit = kits[version];
  for (const preset of kit.presets) {
    // the title starts with the version: the page runs the fused-path tests of yolov3 and yolov4 only
    describe(`${version} fused ≡ composed on webgl, random set-ups (${numRuns} cases)`, () => {
      it(`${preset}: terms and every gradient entry within 1e-5 + 1e-4·|composed|, all finite`, async () => {
        await fc.assert(
          fc.asyncProperty(parityCase(version, preset), async (c) => {
            const fused = await evaluate(kit, { ...c, options: { ...c.options, implementation: 'fused' } });
            const composed = await evaluate(kit, { ...c, options: { ...c.options, implementation: 'composed' } });
            assertFinite(composed);
            assertFinite(fused);
            expectAllClose(fused.terms, composed.terms, tolerance, 'terms [total, box, obj, noobj, cls]');
            fused.grads.forEach((g, h) => expectAllClose(g, composed.grads[h]!, tolerance, `gradient of head ${h}`));
          }),
          { numRuns, seed: seeds[version] },
        );
      });
    });
  }
}
