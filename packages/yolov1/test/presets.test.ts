import { describe, expect, it } from 'vitest';
import { yolov1Presets } from '../src/index.js';

describe('yolov1 presets', () => {
  it('has a paper and a darknet preset with the same keys', () => {
    expect(Object.keys(yolov1Presets).sort()).toEqual(['darknet', 'paper']);
    expect(Object.keys(yolov1Presets.darknet).sort()).toEqual(Object.keys(yolov1Presets.paper).sort());
  });
});
