// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { describeAnchorHeadFixtures, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { yolov4Assignment } from '../src/index.js';
import { yolov4Kit } from './kit.js';

describeAnchorHeadFixtures(
  yolov4Kit,
  {
    paper: loadFixture<Fixture>('./fixtures/paper-yolov4.json', import.meta.url),
    darknet: loadFixture<Fixture>('./fixtures/darknet-yolov4.json', import.meta.url),
  },
  yolov4Assignment,
);
