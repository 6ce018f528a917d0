import { describe, expect, it } from 'vitest';
import { yolov2Presets } from '../src/index.js';

describe('yolov2 presets', () => {
  it('has a paper and a darknet preset with the same keys', () => {
    expect(Object.keys(yolov2Presets).sort()).toEqual(['darknet', 'paper']);
    expect(Object.keys(yolov2Presets.darknet).sort()).toEqual(Object.keys(yolov2Presets.paper).sort());
  });
});
