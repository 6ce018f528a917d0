import { describe, expect, it } from 'vitest';
import { checkMasks } from '../src/index.js';

describe('checkMasks', () => {
  it('accepts a partition of the anchors and names a repeated or missing index', () => {
    expect(checkMasks([[0, 1], [2]], 3)).toBeUndefined();
    expect(checkMasks([[0, 1], [1, 2]], 3)).toMatch(/anchor index 1 appears in masks\[0\] and masks\[1\]/);
    expect(checkMasks([[0], [2]], 3)).toMatch(/anchor index 1 is in no mask/);
    expect(checkMasks([[0, 3]], 3)).toMatch(/masks\[0\] uses anchor index 3, but there are 3 anchors/);
  });
});
