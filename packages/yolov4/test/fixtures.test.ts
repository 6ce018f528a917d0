// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { expectMultiHeadFixtureCase, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov4Assignment, yolov4Loss, type Yolov4Options } from '../src/index.js';

const files = {
  paper: loadFixture<Fixture>('./fixtures/paper-yolov4.json', import.meta.url),
  darknet: loadFixture<Fixture>('./fixtures/darknet-yolov4.json', import.meta.url),
};

for (const preset of ['paper', 'darknet'] as const) {
  describe(`yolov4 ${preset} fixtures`, () => {
    it.for(files[preset].cases)('$name', async (c) => {
      await expectMultiHeadFixtureCase<Yolov4Options>(c, preset, {
        loss: yolov4Loss,
        assignment: yolov4Assignment,
      });
    });
  });
}
