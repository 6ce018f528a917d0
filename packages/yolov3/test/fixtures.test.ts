// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { expectMultiHeadFixtureCase, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov3Assignment, yolov3Loss, type Yolov3Options } from '../src/index.js';

const files = {
  paper: loadFixture<Fixture>('./fixtures/paper-yolov3.json', import.meta.url),
  darknet: loadFixture<Fixture>('./fixtures/darknet-yolov3.json', import.meta.url),
};

for (const preset of ['paper', 'darknet'] as const) {
  describe(`yolov3 ${preset} fixtures`, () => {
    it.for(files[preset].cases)('$name', async (c) => {
      await expectMultiHeadFixtureCase<Yolov3Options>(c, preset, {
        loss: yolov3Loss,
        assignment: yolov3Assignment,
      });
    });
  });
}
