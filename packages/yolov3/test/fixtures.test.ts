// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { expectMultiHeadFixtureCase, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov3Assignment, yolov3Loss, type Yolov3LossOptions } from '../src/index.js';

const files = {
  paper: loadFixture<Fixture>('./fixtures/paper-yolov3.json', import.meta.url),
  darknet: loadFixture<Fixture>('./fixtures/darknet-yolov3.json', import.meta.url),
};

// both implementations: the fused kernels and the composed ops (the reference)
for (const implementation of ['fused', 'composed'] as const) {
  for (const preset of ['paper', 'darknet'] as const) {
    describe(`yolov3 ${preset} fixtures (${implementation})`, () => {
      it.for(files[preset].cases)('$name', async (c) => {
        await expectMultiHeadFixtureCase<Yolov3LossOptions>(c, preset, {
          loss: (heads, gt, options) => yolov3Loss(heads, gt, { ...options, implementation }),
          assignment: yolov3Assignment,
        });
      });
    });
  }
}
