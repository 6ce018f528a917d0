// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import { describeAnchorHeadFixtures, loadFixture, type Fixture } from '@yolo-loss/test-utils';
import { yolov3Assignment } from '../src/index.js';
import { yolov3Kit } from './kit.js';

describeAnchorHeadFixtures(
  yolov3Kit,
  {
    paper: loadFixture<Fixture>('./fixtures/paper-yolov3.json', import.meta.url),
    darknet: loadFixture<Fixture>('./fixtures/darknet-yolov3.json', import.meta.url),
  },
  yolov3Assignment,
);
