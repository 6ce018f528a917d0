import { describeAnchorHeadValidation } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { resolveYolov4Config } from '../src/index.js';
import { yolov4Kit } from './kit.js';

describe('yolov4 config', () => {
  it('yolov4: resolves presets and overrides', () => {
    expect(resolveYolov4Config({ preset: 'darknet', boxLoss: 'giou' })).toMatchObject({
      slotConflict: 'share',
      ignoreClassGate: true,
      boxLoss: 'giou',
      scaleXY: [1.2, 1.1, 1.05],
      iouThreshold: 0.213,
      lambdaCoord: 0.07,
      inputSize: [608, 608],
    });
  });
  it('yolov4: rejects bad values, naming the key', () => {
    expect(() => resolveYolov4Config({ boxLoss: 'eiou' as never })).toThrow(/boxLoss/);
    expect(() => resolveYolov4Config({ labelSmoothing: -0.1 })).toThrow(/labelSmoothing/);
    expect(() => resolveYolov4Config({ scaleXY: [1.2, 1.1] })).toThrow(/scaleXY.*one value per head/);
    expect(() => resolveYolov4Config({ scaleXY: [1.2, 0, 1] })).toThrow(/scaleXY/);
    expect(() => resolveYolov4Config({ ignoreBasis: 'prior' } as never)).toThrow(/unknown config key 'ignoreBasis'/);
  });
});

describeAnchorHeadValidation(yolov4Kit);
