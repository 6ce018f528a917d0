import { describeAnchorHeadValidation } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { resolveYolov3Config, yolov3Presets } from '../src/index.js';
import { yolov3Kit } from './kit.js';

describe('yolov3 config', () => {
  it('yolov3: resolves presets and overrides', () => {
    const c = resolveYolov3Config({ preset: 'darknet', numClasses: 3 });
    expect(c).toMatchObject({
      slotConflict: 'last-wins-union-classes',
      numClasses: 3,
      xyLoss: 'bce',
      whLoss: 'half-sse',
      ignoreBasis: 'prediction',
      ignoreThreshold: 0.7,
      coordAnchorIou: 0,
    });
    expect(resolveYolov3Config()).toEqual(yolov3Presets.paper);
  });
  it('yolov3: rejects bad values, naming the key', () => {
    expect(() => resolveYolov3Config({ xyLoss: 'mse' as never })).toThrow(/xyLoss/);
    expect(() => resolveYolov3Config({ ignoreThreshold: 1.5 })).toThrow(/ignoreThreshold/);
    expect(() => resolveYolov3Config({ anchors: [[10, 0]] as never })).toThrow(/anchors/);
    expect(() => resolveYolov3Config({ lambdaNoobj: 1 } as never)).toThrow(/unknown config key 'lambdaNoobj'/);
  });
});

describeAnchorHeadValidation(yolov3Kit);
