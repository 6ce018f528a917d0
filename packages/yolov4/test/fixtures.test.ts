// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { expectMultiHeadFixtureCase, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov4Assignment, yolov4Loss, type Yolov4LossOptions } from '../src/index.js';

const files = {
  paper: loadFixture<Fixture>('./fixtures/paper-yolov4.json', import.meta.url),
  darknet: loadFixture<Fixture>('./fixtures/darknet-yolov4.json', import.meta.url),
};

// both implementations: the fused kernels and the composed ops (the reference)
for (const implementation of ['fused', 'composed'] as const) {
  for (const preset of ['paper', 'darknet'] as const) {
    describe(`yolov4 ${preset} fixtures (${implementation})`, () => {
      it.for(files[preset].cases)('$name', async (c) => {
        await expectMultiHeadFixtureCase<Yolov4LossOptions>(c, preset, {
          loss: (heads, gt, options) => yolov4Loss(heads, gt, { ...options, implementation }),
          assignment: yolov4Assignment,
        });
      });
    });
  }
}
