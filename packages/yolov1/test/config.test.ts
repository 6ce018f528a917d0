import { describe, expect, it } from 'vitest';
import { resolveYolov1Config, yolov1Presets } from '../src/index.js';

describe('resolveYolov1Config', () => {
  it('defaults to the paper preset', () => {
    expect(resolveYolov1Config()).toEqual({ ...yolov1Presets.paper });
  });

  it('takes every key from the chosen preset and overrides one key at a time', () => {
    expect(resolveYolov1Config({ preset: 'darknet' })).toEqual({ ...yolov1Presets.darknet });
    const overrides = {
      gridSize: [5, 4],
      boxesPerCell: 4,
      numClasses: 3,
      lambdaCoord: 2,
      lambdaObj: 3,
      lambdaNoobj: 0.1,
      lambdaClass: 0.7,
      rescore: false,
      reduction: 'sum',
    } as const;
    for (const [key, value] of Object.entries(overrides)) {
      const config = resolveYolov1Config({ preset: 'darknet', [key]: value });
      expect(config).toEqual({ ...yolov1Presets.darknet, [key]: value });
    }
  });

  it.each([
    [{ gridSize: 0 }, /gridSize/],
    [{ gridSize: [7] }, /gridSize/],
    [{ boxesPerCell: 1.5 }, /boxesPerCell/],
    [{ numClasses: 0 }, /numClasses/],
    [{ lambdaCoord: -1 }, /lambdaCoord/],
    [{ lambdaObj: Number.NaN }, /lambdaObj/],
    [{ lambdaNoobj: Infinity }, /lambdaNoobj/],
    [{ lambdaClass: '1' }, /lambdaClass/],
    [{ rescore: 1 }, /rescore/],
    [{ reduction: 'none' }, /reduction/],
    [{ anchors: [[1, 1]] }, /unknown config key 'anchors'/],
    [{ preset: 'v1' }, /unknown preset/],
  ])('rejects %j naming the key', (options, message) => {
    expect(() => resolveYolov1Config(options as never)).toThrow(message);
  });

  it('returns a frozen config', () => {
    expect(Object.isFrozen(resolveYolov1Config({ numClasses: 3 }))).toBe(true);
  });
});
