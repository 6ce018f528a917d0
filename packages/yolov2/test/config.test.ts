import { describe, expect, it } from 'vitest';
import { resolveYolov2Config, yolov2Presets } from '../src/index.js';

describe('resolveYolov2Config', () => {
  it('defaults to the paper preset', () => {
    expect(resolveYolov2Config()).toEqual({ ...yolov2Presets.paper });
  });

  it('takes every key from the chosen preset and overrides one key at a time', () => {
    expect(resolveYolov2Config({ preset: 'darknet' })).toEqual({ ...yolov2Presets.darknet });
    const overrides = {
      gridSize: [5, 4],
      numClasses: 3,
      anchors: [[1, 2], [3, 4]],
      lambdaCoord: 2,
      lambdaObj: 3,
      lambdaNoobj: 0.1,
      lambdaClass: 0.7,
      ignoreThreshold: 0.5,
      rescore: false,
      reduction: 'sum',
    } as const;
    for (const [key, value] of Object.entries(overrides)) {
      const config = resolveYolov2Config({ preset: 'darknet', [key]: value });
      expect(config).toEqual({ ...yolov2Presets.darknet, [key]: value });
    }
  });

  it.each([
    [{ gridSize: 0 }, /gridSize/],
    [{ numClasses: 2.5 }, /numClasses/],
    [{ anchors: [] }, /anchors/],
    [{ anchors: [[1, 0]] }, /anchors.*anchor 0/],
    [{ anchors: [[1, 1], [-1, 2]] }, /anchors.*anchor 1/],
    [{ lambdaCoord: -1 }, /lambdaCoord/],
    [{ lambdaObj: Number.NaN }, /lambdaObj/],
    [{ lambdaNoobj: Infinity }, /lambdaNoobj/],
    [{ lambdaClass: null }, /lambdaClass/],
    [{ ignoreThreshold: 1.5 }, /ignoreThreshold/],
    [{ rescore: 'yes' }, /rescore/],
    [{ reduction: 'none' }, /reduction/],
    [{ boxesPerCell: 2 }, /unknown config key 'boxesPerCell'/],
    [{ preset: 'yolo9000' }, /unknown preset/],
  ])('rejects %j naming the key', (options, message) => {
    expect(() => resolveYolov2Config(options as never)).toThrow(message);
  });
});
