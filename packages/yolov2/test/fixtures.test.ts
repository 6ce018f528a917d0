// Copies of the shared yolov2 fixtures, paper and darknet (see fixtures/README.md).
import { describeGridHeadFixtures, loadFixture, type FixtureFile } from '@yolo-loss/test-utils';
import { yolov2Assignment } from '../src/index.js';
import { yolov2Kit } from './kit.js';

describeGridHeadFixtures(
  yolov2Kit,
  ['paper-yolov2.json', 'darknet-yolov2.json'].map((f) => loadFixture<FixtureFile>(`./fixtures/${f}`, import.meta.url)),
  { assignment: yolov2Assignment, slotKey: 'anchor' },
);
