import { describe, expect, it } from 'vitest';
import { yolov3Presets } from '../src/index.js';

describe('yolov3 presets', () => {
  it('has a paper and a darknet preset with the same keys', () => {
    expect(Object.keys(yolov3Presets).sort()).toEqual(['darknet', 'paper']);
    expect(Object.keys(yolov3Presets.darknet).sort()).toEqual(Object.keys(yolov3Presets.paper).sort());
  });
});
