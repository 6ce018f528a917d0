// Copies of the shared yolov1 fixtures, paper and darknet (see fixtures/README.md).
import { describeGridHeadFixtures, loadFixture, type FixtureFile } from '@yolo-loss/test-utils';
import { yolov1Assignment } from '../src/index.js';
import { yolov1Kit } from './kit.js';

describeGridHeadFixtures(
  yolov1Kit,
  ['paper-yolov1.json', 'darknet-yolov1.json'].map((f) => loadFixture<FixtureFile>(`./fixtures/${f}`, import.meta.url)),
  { assignment: yolov1Assignment, slotKey: 'predictor' },
);
