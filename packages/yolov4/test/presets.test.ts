import { describe, expect, it } from 'vitest';
import { yolov4Presets } from '../src/index.js';

describe('yolov4 presets', () => {
  it('has a paper and a darknet preset with the same keys', () => {
    expect(Object.keys(yolov4Presets).sort()).toEqual(['darknet', 'paper']);
    expect(Object.keys(yolov4Presets.darknet).sort()).toEqual(
      Object.keys(yolov4Presets.paper).sort(),
    );
  });
});
